#include "snmpd_process.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sitepower::test {

int free_udp_port() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("no free UDP port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  std::ofstream(tmp) << text;
  std::filesystem::rename(tmp, path);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SnmpdProcess::SnmpdProcess(const std::string& dir, const std::string& values) : dir_(dir), values_(values) {
  port_ = free_udp_port();
  std::filesystem::create_directories(dir_ + "/snmpd-persist");
  std::filesystem::create_directories(dir_ + "/snmpd-conf");
  std::filesystem::create_directories(dir_ + "/no-mibs");
  const std::string script = source_path("tests/drivers/snmp/peer/pdu_pass_persist.py");
  std::ostringstream conf;
  conf << "agentAddress udp:127.0.0.1:" << port_ << "\n"
       << "rocommunity " << kCommunity << " 127.0.0.1\n"
       << "createUser " << kUserSha << " SHA " << kAuthPassword << " AES " << kPrivPassword << "\n"
       << "createUser " << kUserSha256 << " SHA-256 " << kAuthPassword << " AES " << kPrivPassword << "\n"
       << "createUser " << kUserAuthOnly << " SHA " << kAuthPassword << "\n"
       << "rouser " << kUserSha << " priv\n"
       << "rouser " << kUserSha256 << " priv\n"
       << "rouser " << kUserAuthOnly << " auth\n";
  // One pass_persist per vendor subtree the shipped profiles read.
  for (const char* root : {".1.3.6.1.4.1.318", ".1.3.6.1.4.1.13742", ".1.3.6.1.4.1.1718", ".1.3.6.1.4.1.534"}) {
    conf << "pass_persist " << root << " /usr/bin/python3 " << script << " " << values_ << "\n";
  }
  std::ofstream(dir_ + "/snmpd-conf/snmpd.conf") << conf.str();
  start();
}

SnmpdProcess::~SnmpdProcess() { stop(); }

void SnmpdProcess::start() {
  ++starts_;
  const std::string log_path = dir_ + "/snmpd-" + std::to_string(starts_) + ".log";
  // Config from snmpd-conf/ and the persistent dir only (not /etc/snmp): the
  // persistent dir keeps the engine ID and counts engine boots across restarts.
  process_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{"/usr/bin/env", "MIBS=", "MIBDIRS=" + dir_ + "/no-mibs",
                               "SNMPCONFPATH=" + dir_ + "/snmpd-conf:" + dir_ + "/snmpd-persist",
                               "SNMP_PERSISTENT_DIR=" + dir_ + "/snmpd-persist", "/usr/sbin/snmpd", "-f", "-Lo", "-p",
                               dir_ + "/snmpd.pid"},
      log_path);
  if (!process_->wait_for_output("NET-SNMP version", std::chrono::seconds(10))) {
    throw std::runtime_error("snmpd did not start: " + process_->output());
  }
}

void SnmpdProcess::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);  // snmpd saves engine boots to the persistent dir on the way out
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

void SnmpdProcess::restart() {
  stop();
  start();
}

void SnmpdProcess::replace() {
  stop();
  std::filesystem::remove_all(dir_ + "/snmpd-persist");
  std::filesystem::create_directories(dir_ + "/snmpd-persist");
  start();
}

std::string SnmpdProcess::log() const { return process_ ? process_->output() : ""; }

}  // namespace sitepower::test
