#pragma once
// One SNMP agent (a PDU) as the driver talks to it: GET and GETBULK requests
// on the agent's Asio executor, with net-snmp doing BER, USM and transport.
//
// Why net-snmp's single-session API on the Asio loop, not a thread of its own:
// the agent is single-threaded, and net-snmp's session API is built for being
// driven from someone else's event loop (snmp_sess_async_send, then read when
// the socket is readable and call snmp_sess_timeout when its timer is due).
// Each session owns its UDP socket, which an Asio descriptor watches, and its
// retransmission timer is an Asio steady_timer: a dead PDU costs a pending
// timer, nothing else, and 100 PDUs are polled concurrently with no lock and
// no hand-off. A thread would have to share net-snmp's global USM state and
// hand every answer back to the executor; it buys nothing here.
// The two blocking calls net-snmp would make are avoided: SNMPv3 engine ID
// discovery is sent asynchronously as a probe PDU (SNMP_FLAGS_DONT_PROBE, as
// net-snmp documents for asynchronous probing), and `host` must be an IP
// address, so opening a session never waits for DNS.
#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "varbind.h"

namespace sitepower::snmp {

enum class Version { V2c, V3 };
enum class AuthProtocol { None, Sha1, Sha256 };
enum class PrivProtocol { None, Aes128 };

struct SessionSettings {
  std::string host;  // an IPv4 or IPv6 address
  std::uint16_t port = 161;
  Version version = Version::V2c;
  std::string community;  // v2c; never logged
  std::string user;       // v3 USM
  AuthProtocol auth = AuthProtocol::None;  // None: noAuthNoPriv
  std::string auth_password;               // never logged
  PrivProtocol priv = PrivProtocol::None;  // None with auth: authNoPriv
  std::string priv_password;               // never logged
  std::chrono::milliseconds timeout{1000};  // per try
  unsigned retries = 1;
};

struct Response {
  std::vector<Varbind> varbinds;
  std::string error;  // empty: the agent answered; otherwise why not (no answer, USM report, error-status)
};

class SnmpSession {
 public:
  using Handler = std::function<void(Response)>;

  // Touches nothing: the socket is opened by the first request.
  SnmpSession(boost::asio::any_io_executor executor, SessionSettings settings);
  ~SnmpSession();
  SnmpSession(const SnmpSession&) = delete;
  SnmpSession& operator=(const SnmpSession&) = delete;

  // One request at a time; `done` runs once, on the executor, unless cancel() comes first.
  void get(const std::vector<Oid>& oids, Handler done);
  void get_bulk(const std::vector<Oid>& oids, unsigned max_repetitions, Handler done);
  // Forgets the request in flight (its answer, if any, is dropped).
  void cancel();
  // "udp:127.0.0.1:161 v3 user ops" for logs: never a secret.
  std::string describe() const;  // describe_session(settings)

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// "udp:1.2.3.4:161" (net-snmp's peer name; udp6:[...] for IPv6).
std::string peer_name(const SessionSettings& s);
// "udp:1.2.3.4:161 v3 user ops authPriv": for logs and --check-config, never a secret.
std::string describe_session(const SessionSettings& s);

}  // namespace sitepower::snmp
