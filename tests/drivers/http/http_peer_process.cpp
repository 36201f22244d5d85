#include "http_peer_process.h"

#include <sstream>
#include <stdexcept>

namespace sitepower::test {

HttpPeerProcess::HttpPeerProcess(const HttpPeerOptions& o) {
  port_ = free_port();
  std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/drivers/http/peer/http_peer.py"), "--port",
                                std::to_string(port_), "--address", o.address, "--dir", o.dir};
  if (o.tls) argv.insert(argv.end(), {"--cert", o.tls->cert, "--key", o.tls->key});
  if (!o.user.empty()) argv.insert(argv.end(), {"--user", o.user, "--password-file", o.password_file});
  if (o.idle_timeout_s > 0) argv.insert(argv.end(), {"--idle-timeout", std::to_string(o.idle_timeout_s)});
  process_ = std::make_unique<ChildProcess>(argv, o.dir + "/http-peer-" + std::to_string(port_) + ".log");
  if (!process_->wait_for_output("http-peer ready", std::chrono::seconds(10))) {
    throw std::runtime_error("http-peer did not start: " + process_->output());
  }
}

std::vector<std::string> HttpPeerProcess::requests() const { return logged_requests(log()); }

std::size_t HttpPeerProcess::connections() const {
  std::istringstream in(log());
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line.starts_with("connection ");
  return n;
}

}  // namespace sitepower::test
