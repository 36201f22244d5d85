#pragma once
// Debian's snmpd for one test: its own config (a v2c community and SNMPv3
// users), its own persistent dir (engine ID and boots), a free loopback UDP
// port, and the PDU's values served by peer/pdu_pass_persist.py from a file.
#include <memory>
#include <string>

#include "process.h"

namespace sitepower::test {

// Credentials the test snmpd knows (tests/drivers/snmp/snmpd_process.cpp).
inline constexpr const char* kCommunity = "sitepower-test";
inline constexpr const char* kUserSha = "pduops";        // SHA-1 + AES-128, authPriv
inline constexpr const char* kUserSha256 = "pduops256";  // SHA-256 + AES-128, authPriv
inline constexpr const char* kUserAuthOnly = "pduauth";  // SHA-1, authNoPriv
inline constexpr const char* kAuthPassword = "auth-pass-123";
inline constexpr const char* kPrivPassword = "priv-pass-123";

// A UDP port on 127.0.0.1 that nobody is bound to right now.
int free_udp_port();

class SnmpdProcess {
 public:
  // `values`: the file the pass_persist script serves (see the script).
  SnmpdProcess(const std::string& dir, const std::string& values);
  ~SnmpdProcess();
  int port() const { return port_; }
  // Stops and starts again with the same persistent dir: same engine ID,
  // engine boots + 1, as a PDU that reboots.
  void restart();
  // Starts afresh with a new engine ID, as a PDU replaced or factory reset.
  void replace();
  void stop();
  std::string log() const;

 private:
  void start();
  std::string dir_;
  std::string values_;
  int port_ = 0;
  int starts_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// Writes `text` to `path` atomically (the script never sees half a file).
void write_file_atomically(const std::string& path, const std::string& text);
std::string read_text(const std::string& path);

}  // namespace sitepower::test
