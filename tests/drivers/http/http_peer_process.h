#pragma once
// Starts tests/drivers/http/peer/http_peer.py (a real HTTP/1.1 server, https
// with a test CA's certificate) on a free loopback port for one test.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "process.h"
#include "test_ca.h"

namespace sitepower::test {

struct HttpPeerOptions {
  // Defaults on every member: a test names only what it needs, {dir} or {dir, address, tls}.
  std::string dir = {};                   // serves /file/NAME from here; its log goes here too
  std::string address = "127.0.0.1";
  std::optional<CertFiles> tls = {};      // https with this certificate
  std::string user = {};                  // /auth/NAME wants Basic auth as user:(password file's line)
  std::string password_file = {};
  double idle_timeout_s = 0;              // > 0: close a kept-alive connection idle this long
};

class HttpPeerProcess {
 public:
  explicit HttpPeerProcess(const HttpPeerOptions& options);
  int port() const { return port_; }
  // Every request as "METHOD PATH", in order.
  std::vector<std::string> requests() const;
  // TCP connections accepted (for https: with a completed handshake).
  std::size_t connections() const;
  std::string log() const { return process_->output(); }
  bool wait_for_log(const std::string& text) { return process_->wait_for_output(text, std::chrono::seconds(20)); }

 private:
  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sitepower::test
