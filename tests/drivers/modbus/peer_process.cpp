#include "peer_process.h"

#include <chrono>
#include <sstream>
#include <stdexcept>

namespace sitepower::test {

ModbusPeerProcess::ModbusPeerProcess(Mode mode, const std::vector<UnitImage>& units, const std::string& dir) {
  std::vector<std::string> argv{binary_path("tests/drivers/modbus/peer/modbus-peer"), "--mode"};
  if (mode == Mode::RtuPty) {
    pty_ = dir + "/ttyMETER";
    argv.insert(argv.end(), {"rtu-pty", "--pty-link", pty_});
  } else {
    port_ = free_port();
    argv.insert(argv.end(), {mode == Mode::Tcp ? "tcp" : "rtu-over-tcp", "--port", std::to_string(port_)});
  }
  for (const auto& u : units) {
    const std::string image = u.image.starts_with("/") ? u.image : source_path("tests/drivers/modbus/peer/images/" + u.image);
    argv.insert(argv.end(), {"--unit", std::to_string(u.unit) + ":" + image});
    if (!u.fault.empty()) argv.insert(argv.end(), {"--fault", std::to_string(u.unit) + ":" + u.fault});
  }
  process_ = std::make_unique<ChildProcess>(argv, dir + "/modbus-peer-" + std::to_string(port_) + ".log");
  if (!process_->wait_for_output("modbus-peer ready", std::chrono::seconds(10))) {
    throw std::runtime_error("modbus-peer did not start: " + process_->output());
  }
}

std::vector<int> ModbusPeerProcess::function_codes() const {
  std::vector<int> codes;
  std::istringstream in(log());
  std::string line;
  while (std::getline(in, line)) {
    int unit = 0, fc = 0;
    if (std::sscanf(line.c_str(), "request unit %d fc %d", &unit, &fc) == 2) codes.push_back(fc);
  }
  return codes;
}

std::size_t ModbusPeerProcess::count(const std::string& text) const {
  const std::string all = log();
  std::size_t n = 0;
  for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
  return n;
}

}  // namespace sitepower::test
