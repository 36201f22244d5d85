// The `snmp` device section, read into SnmpSettings. The one file that knows
// the config API (Section), so that porting to declared option tables is local.
#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config_error.h"
#include "section.h"
#include "snmp_settings.h"

namespace sitepower::snmp {
namespace {

// A secret from a file (path relative to the config dir): its first line.
// Errors name the file only, never its contents.
std::string read_secret(Section& cfg, const std::string& key, const std::string& config_dir, std::size_t min_size) {
  const std::filesystem::path path = std::filesystem::path(config_dir) / cfg.require_string(key);
  std::ifstream in(path, std::ios::binary);
  if (!in) cfg.fail_value(key, "a readable file (" + path.string() + " does not exist or cannot be read)");
  std::string secret;
  std::getline(in, secret);
  if (!secret.empty() && secret.back() == '\r') secret.pop_back();
  if (secret.size() < min_size) {
    cfg.fail_value(key, "a file holding at least " + std::to_string(min_size) + " characters (" + path.string() + ")");
  }
  return secret;
}

}  // namespace

SnmpSettings read_snmp_settings(Section& cfg, const std::string& device_id, const std::string& config_dir,
                                std::chrono::milliseconds device_timeout) {
  SnmpSettings s;
  s.device_id = device_id;
  SessionSettings& session = s.session;
  session.host = cfg.require_string("host", 64);
  boost::system::error_code ec;
  boost::asio::ip::make_address(session.host, ec);
  if (ec) cfg.fail_value("host", "an IP address (names are not resolved: opening a session must not wait for DNS)");
  session.port = static_cast<std::uint16_t>(cfg.get_int("port", 161, 1, 65535));
  const std::string version = cfg.get_choice("version", "2c", {"2c", "3"});
  if (version == "2c") {
    session.version = Version::V2c;
    session.community = read_secret(cfg, "community_file", config_dir, 1);
  } else {
    session.version = Version::V3;
    session.user = cfg.require_string("user", 32);
    const std::string level = cfg.get_choice("security_level", "authPriv", {"authPriv", "authNoPriv", "noAuthNoPriv"});
    if (level != "noAuthNoPriv") {
      session.auth = cfg.get_choice("auth_protocol", "sha", {"sha", "sha256"}) == "sha" ? AuthProtocol::Sha1 : AuthProtocol::Sha256;
      session.auth_password = read_secret(cfg, "auth_password_file", config_dir, 8);
    }
    if (level == "authPriv") {
      cfg.get_choice("priv_protocol", "aes", {"aes"});
      session.priv = PrivProtocol::Aes128;
      session.priv_password = read_secret(cfg, "priv_password_file", config_dir, 8);
    }
  }
  session.retries = static_cast<unsigned>(cfg.get_int("retries", 1, 0, 5));
  // By default every try fits in 90 % of the device's timeout, so a dead PDU's
  // poll ends with the driver's own "no answer (N tries)", not the scheduler's.
  const double device_timeout_s = std::chrono::duration<double>(device_timeout).count();
  const double fitted_s = std::max(0.01, 0.9 * device_timeout_s / (session.retries + 1));
  session.timeout = cfg.get_seconds("request_timeout_s", fitted_s, 0.01, 60);
  s.max_repetitions = static_cast<unsigned>(cfg.get_int("max_repetitions", 16, 1, 100));

  // Same profile-key handling as the modbus driver's read_profile(): it moves
  // with find_profile() next to driver.h when the lead shares the lookup.
  const std::string ref = cfg.require_string("profile");
  std::string path;
  try {
    path = find_profile(ref, config_dir);
  } catch (const ConfigError& e) {
    cfg.fail_value("profile", std::string("a shipped profile name or a profile file: ") + e.what());
  }
  s.profile = load_profile(path);
  return s;
}

}  // namespace sitepower::snmp
