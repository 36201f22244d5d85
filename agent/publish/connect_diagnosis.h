#pragma once
#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "delivery_config.h"

namespace sitepower {

// Tells the operator why a connect to a broker failed, loudly once per
// distinct reason (a misconfiguration repeats on every retry: the repeats go
// to the debug log). Paho's own word is thin ("code -1", "connect timeout"),
// so the probes of tls_probe.h find out more. They block, so each runs on a
// thread of its own, at most one of each kind at a time, and reports back on
// the executor; nothing reports once this object is gone.
class ConnectDiagnosis {
 public:
  ConnectDiagnosis(boost::asio::any_io_executor executor, TlsConfig tls);
  ~ConnectDiagnosis();
  ConnectDiagnosis(const ConnectDiagnosis&) = delete;
  ConnectDiagnosis& operator=(const ConnectDiagnosis&) = delete;

  // The connect to `broker` failed for `why`; `held` messages wait in the outbox.
  void report(const std::string& broker, const std::string& why, std::uint64_t held);
  // A connect to `uri` timed out. Whether its host:port takes a TCP
  // connection tells "not an MQTT broker, or a stuck one" from "unreachable":
  // `then(accepted)` runs on the executor with the answer.
  void probe_tcp(const std::string& uri, std::function<void(bool accepted)> then);
  // A TLS connect to `uri` failed: repeats the handshake with OpenSSL and
  // logs its reason, once per distinct reason.
  void probe_tls(const std::string& uri);
  // Connected: the next failure is news again.
  void connected();

 private:
  boost::asio::any_io_executor executor_;
  TlsConfig tls_;
  std::shared_ptr<bool> alive_;
  std::string last_failure_;
  std::string last_tls_failure_;
  bool probing_tcp_ = false;
  bool probing_tls_ = false;
};

}  // namespace sitepower
