#include "sim_process.h"

#include <chrono>
#include <stdexcept>
#include <thread>

namespace sitepower::test {

MinerSimProcess::MinerSimProcess(const std::vector<std::string>& specs, const std::string& dir) {
  port_ = free_port();
  std::vector<std::string> argv{binary_path("tests/drivers/miner/peer/miner-sim"), "--port", std::to_string(port_)};
  for (const std::string& s : specs) argv.insert(argv.end(), {"--miners", s});
  process_ = std::make_unique<ChildProcess>(argv, dir + "/miner-sim-" + std::to_string(port_) + ".log");
  if (!process_->wait_for_output("miner-sim ready", std::chrono::seconds(10))) {
    throw std::runtime_error("miner-sim did not start: " + process_->output());
  }
}

std::vector<MinerSimProcess::Request> MinerSimProcess::logged_requests() const {
  std::vector<Request> out;
  std::istringstream in(log());
  std::string line;
  while (std::getline(in, line)) {
    // request ADDRESS MS RAW
    if (!line.starts_with("request ")) continue;
    const auto address_end = line.find(' ', 8);
    const auto ms_end = address_end == std::string::npos ? address_end : line.find(' ', address_end + 1);
    if (ms_end == std::string::npos) continue;
    out.push_back({line.substr(8, address_end - 8), line.substr(ms_end + 1)});
  }
  return out;
}

std::vector<std::string> MinerSimProcess::requests() const {
  std::vector<std::string> out;
  for (const Request& r : logged_requests()) out.push_back(r.raw);
  return out;
}

std::vector<std::string> MinerSimProcess::requested_addresses() const {
  std::vector<std::string> out;
  for (const Request& r : logged_requests()) out.push_back(r.address);
  return out;
}

std::size_t MinerSimProcess::count(const std::string& text) const {
  const std::string all = log();
  std::size_t n = 0;
  for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) ++n;
  return n;
}

void MinerSimProcess::signal(int sig, const std::string& says) {
  const std::size_t before = count(says);
  process_->signal(sig);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (count(says) == before && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a log file has no change event to await
  }
  if (count(says) == before) throw std::runtime_error("miner-sim did not say " + says);
}

}  // namespace sitepower::test
