#pragma once
// Starts tests/drivers/miner/peer/miner-sim (many simulated miners) for one test.
#include <memory>
#include <string>
#include <vector>

#include "process.h"

namespace sitepower::test {

class MinerSimProcess {
 public:
  // Each spec: "FIRST[-LAST]:FAMILY[:FAULT]" with addresses in 127.0.0.0/8.
  MinerSimProcess(const std::vector<std::string>& specs, const std::string& dir);
  int port() const { return port_; }
  std::string log() const { return process_->output(); }
  // The raw bytes of every request the sim received, in order.
  std::vector<std::string> requests() const;
  // The miner (address) each of those requests went to.
  std::vector<std::string> requested_addresses() const;
  std::size_t count(const std::string& text) const;
  // SIGUSR1 curtails, SIGUSR2 resumes, SIGHUP flips firmware; returns once the sim says so.
  void signal(int sig, const std::string& says);

 private:
  struct Request {
    std::string address;
    std::string raw;
  };
  std::vector<Request> logged_requests() const;

  int port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sitepower::test
