#pragma once
// Starts tests/drivers/redfish/peer/redfish_sim.py (real HTTP/1.1 Redfish
// BMCs, https with a test CA's certificate) for one test: several BMCs in
// one process, each on its own free loopback port. The simulator's docstring
// lists the vendors, the state file's keys, the faults and the log lines.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "process.h"
#include "test_ca.h"

namespace sitepower::test {

struct RedfishBmc {
  std::string vendor;  // idrac, ilo6, ilo5, supermicro, dgx, dmtf, pdu
  std::string name;    // unique; keys the state file and the log; seeds the power model
};

struct RedfishSimOptions {
  // Defaults on every member: a test names only what it needs.
  std::string dir = {};  // the log and (unless state_file) the state file go here
  std::vector<RedfishBmc> servers = {};
  std::string address = "127.0.0.1";
  std::optional<CertFiles> tls = {};  // https with this certificate
  std::string user = {};              // empty: no auth; else Basic or session as user:(password file's line)
  std::string password_file = {};
  std::string state_file = {};  // empty: DIR/redfish-state.json
  double idle_timeout_s = 0;    // > 0: close a kept-alive connection idle this long
  int max_sessions = 0;         // > 0: a login past this many open sessions gets 503 SessionLimitExceeded
};

class RedfishSimProcess {
 public:
  explicit RedfishSimProcess(const RedfishSimOptions& options);
  int port(const std::string& name) const;
  // Requests to one BMC as "METHOD PATH auth=basic|token|none", in order.
  std::vector<std::string> requests(const std::string& name) const;
  // TCP connections that BMC accepted (https: with a completed handshake).
  std::size_t connections(const std::string& name) const;
  std::string log() const { return process_->output(); }
  bool wait_for_log(const std::string& text) { return process_->wait_for_output(text, std::chrono::seconds(20)); }
  // Replaces the state file ({"NAME": {"chassis_w": 7900, "fault": "slow"}})
  // by a rename, so the simulator reads all of it or none; its next request
  // serves it.
  void set_state(const std::string& json_text) const;
  const std::string& state_file() const { return state_file_; }

 private:
  std::vector<std::string> lines_of(const std::string& prefix) const;

  std::string state_file_;
  std::vector<std::pair<std::string, int>> ports_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sitepower::test
