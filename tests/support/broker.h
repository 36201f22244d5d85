#pragma once
#include <memory>
#include <string>

#include "process.h"

namespace sitepower::test {

// A real Mosquitto broker on a free loopback port, for one test. `extra_conf`
// is appended to the generated mosquitto.conf (TLS, ACLs, ...); it may use the
// listener it writes itself or declare its own.
class MosquittoBroker {
 public:
  explicit MosquittoBroker(std::string extra_conf = "", int port = 0);
  ~MosquittoBroker();
  int port() const { return port_; }
  std::string uri() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }
  void stop();
  void start();  // again on the same port, after stop()
  void reload();  // SIGHUP: Mosquitto re-reads its password and ACL files
  // SIGSTOP / SIGCONT: connections stay open, but nothing is read or answered.
  void freeze();
  void thaw();
  bool running() const { return process_ != nullptr; }

 private:
  std::string dir_;
  std::string conf_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sitepower::test
