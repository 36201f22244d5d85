#include "connect_diagnosis.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include <thread>

#include "tls_probe.h"

namespace sitepower {

ConnectDiagnosis::ConnectDiagnosis(boost::asio::any_io_executor executor, TlsConfig tls)
    : executor_(std::move(executor)), tls_(std::move(tls)), alive_(std::make_shared<bool>(true)) {}

ConnectDiagnosis::~ConnectDiagnosis() { alive_.reset(); }

void ConnectDiagnosis::report(const std::string& broker, const std::string& why, std::uint64_t held) {
  if (why != last_failure_) {
    spdlog::error("mqtt: connect failed: {}: {}; {} messages held in the outbox", broker, why, held);
  } else {
    spdlog::debug("mqtt: connect failed again: {}: {}", broker, why);
  }
  last_failure_ = why;
}

// Off the executor: the probe blocks for up to a second.
void ConnectDiagnosis::probe_tcp(const std::string& uri, std::function<void(bool accepted)> then) {
  if (probing_tcp_) return;
  probing_tcp_ = true;
  std::weak_ptr<bool> alive = alive_;
  std::thread([this, alive, uri, then = std::move(then), executor = executor_] {
    const bool accepted = tcp_accepts(uri, std::chrono::seconds(1));
    boost::asio::post(executor, [this, alive, accepted, then] {
      if (!alive.lock()) return;
      probing_tcp_ = false;
      then(accepted);
    });
  }).detach();
}

// Off the executor: the probe blocks for a TCP connect and a handshake.
void ConnectDiagnosis::probe_tls(const std::string& uri) {
  if (probing_tls_) return;
  probing_tls_ = true;
  std::weak_ptr<bool> alive = alive_;
  std::thread([this, alive, uri, tls = tls_, executor = executor_] {
    std::string why = tls_probe(uri, tls);
    boost::asio::post(executor, [this, alive, uri, why] {
      if (!alive.lock()) return;
      probing_tls_ = false;
      if (why.empty() || why == last_tls_failure_) return;
      last_tls_failure_ = why;
      spdlog::error("mqtt: TLS handshake with {} failed: {} (check mqtt.tls.ca_file against the broker's "
                    "certificate, and mqtt.tls.cert_file/key_file against what the broker trusts)", uri, why);
    });
  }).detach();
}

void ConnectDiagnosis::connected() {
  last_failure_.clear();
  last_tls_failure_.clear();
}

}  // namespace sitepower
