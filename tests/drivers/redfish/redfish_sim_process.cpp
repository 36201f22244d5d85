#include "redfish_sim_process.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sitepower::test {

RedfishSimProcess::RedfishSimProcess(const RedfishSimOptions& o)
    : state_file_(o.state_file.empty() ? o.dir + "/redfish-state.json" : o.state_file) {
  std::vector<std::string> argv{"/usr/bin/python3", source_path("tests/drivers/redfish/peer/redfish_sim.py"),
                                "--address", o.address, "--state", state_file_};
  for (const auto& bmc : o.servers) argv.insert(argv.end(), {"--serve", "0:" + bmc.vendor + ":" + bmc.name});
  if (o.tls) argv.insert(argv.end(), {"--cert", o.tls->cert, "--key", o.tls->key});
  if (!o.user.empty()) argv.insert(argv.end(), {"--user", o.user, "--password-file", o.password_file});
  if (o.idle_timeout_s > 0) argv.insert(argv.end(), {"--idle-timeout", std::to_string(o.idle_timeout_s)});
  if (o.max_sessions > 0) argv.insert(argv.end(), {"--max-sessions", std::to_string(o.max_sessions)});
  // The first BMC's name keeps two simulators in one dir apart.
  const std::string log_path = o.dir + "/redfish-sim-" + (o.servers.empty() ? "" : o.servers[0].name) + ".log";
  std::remove(log_path.c_str());  // the log is appended to: a simulator before this one left its own lines
  process_ = std::make_unique<ChildProcess>(argv, log_path);
  if (!process_->wait_for_output("redfish-sim ready", std::chrono::seconds(10))) {
    throw std::runtime_error("redfish-sim did not start: " + process_->output());
  }
  for (const auto& line : lines_of("serving ")) {  // NAME on PORT
    std::istringstream in(line);
    std::string name, on;
    int port = 0;
    in >> name >> on >> port;
    ports_.emplace_back(name, port);
  }
}

int RedfishSimProcess::port(const std::string& name) const {
  for (const auto& [bmc, port] : ports_) {
    if (bmc == name) return port;
  }
  throw std::invalid_argument("redfish-sim serves no BMC named " + name);
}

std::vector<std::string> RedfishSimProcess::lines_of(const std::string& prefix) const {
  std::vector<std::string> out;
  std::istringstream in(log());
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) out.push_back(line.substr(prefix.size()));
  }
  return out;
}

std::vector<std::string> RedfishSimProcess::requests(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& rest : lines_of("request " + name + " ")) {  // N METHOD PATH auth=...
    const auto space = rest.find(' ');
    out.push_back(space == std::string::npos ? rest : rest.substr(space + 1));
  }
  return out;
}

std::size_t RedfishSimProcess::connections(const std::string& name) const {
  return lines_of("connection " + name + " ").size();
}

void RedfishSimProcess::set_state(const std::string& json_text) const {
  const std::string tmp = state_file_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json_text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), state_file_.c_str()) != 0) throw std::runtime_error("cannot rename " + tmp);
}

}  // namespace sitepower::test
