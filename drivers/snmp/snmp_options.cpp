// The `snmp` device keys, declared once, and their reading into SnmpSettings.
#include "snmp_options.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <filesystem>

#include "config_error.h"
#include "credential_files.h"
#include "option_table.h"
#include "profile_lookup.h"

namespace sitepower::snmp {
namespace {

const OptionTable kOptions{
    "snmp",
    "PDUs over SNMP v2c or v3 (USM), inlet and per-outlet values described by a profile",
    {
        Option::string("host", 64).require().help("the PDU's IP address (names are not resolved: no wait for DNS)"),
        Option::integer("port", 1, 65535).def(161.0).help("UDP port"),
        Option::string("profile").require()
            .help("shipped profile name (`raritan-px`) or a file path ending in `.yaml` or containing `/`, relative to the config"),
        Option::choice("version", {"2c", "3"}).def("2c").help("SNMP version"),
        Option::string("community_file").derived("required for version 2c")
            .help("file whose first line is the community (2c); never logged"),
        Option::string("user", 32).derived("required for version 3").help("USM user name (3)"),
        Option::choice("security_level", {"authPriv", "authNoPriv", "noAuthNoPriv"}).def("authPriv")
            .help("USM security level (3)"),
        Option::choice("auth_protocol", {"sha", "sha256"}).def("sha").help("USM authentication: HMAC-SHA-1 or HMAC-SHA-256 (3)"),
        Option::string("auth_password_file").derived("required for authNoPriv, authPriv")
            .help("file whose first line is the auth password, at least 8 characters (3); never logged"),
        Option::choice("priv_protocol", {"aes"}).def("aes").help("USM privacy: AES-128 (3, authPriv)"),
        Option::string("priv_password_file").derived("required for authPriv")
            .help("file whose first line is the privacy password, at least 8 characters (3); never logged"),
        Option::integer("retries", 0, 5).def(1.0).help("extra tries of a request that got no answer"),
        Option::seconds("request_timeout_s", 0.01, 60)
            .derived("0.9 × timeout_s / (retries + 1): 360 ms at the defaults")
            .help("per request try, counted from when it is sent"),
        Option::integer("max_repetitions", 1, 100).def(16.0).help("rows per column asked for in one GETBULK"),
    }};

// A secret from a file (relative to the config dir), by the one rule for
// secret files (credential_files.h). Errors name the file, never its content.
std::string read_secret(const OptionValues& v, const std::string& key, const std::string& config_dir,
                        std::size_t min_size) {
  if (!v.has(key)) v.fail(key, "a non-empty string (the key is required)");
  const std::string path = (std::filesystem::path(config_dir) / v.string(key)).string();
  std::string secret;
  try {
    secret = read_password_file(path);
  } catch (const PasswordFileError& e) {
    v.fail_value(key, std::string("a file holding the secret (") + e.what() + ")");
  }
  if (secret.size() < min_size) {
    v.fail_value(key, "a file holding at least " + std::to_string(min_size) + " characters (" + path + ")");
  }
  return secret;
}

void read_security(const OptionValues& v, const std::string& config_dir, SessionSettings& session) {
  const std::string version = v.choice("version");
  const std::string not_here = "no such key with version " + version;
  if (version == "2c") {
    session.version = Version::V2c;
    for (const char* k : {"user", "security_level", "auth_protocol", "auth_password_file", "priv_protocol",
                          "priv_password_file"}) {
      v.reject(k, not_here);
    }
    session.community = read_secret(v, "community_file", config_dir, 1);
    return;
  }
  session.version = Version::V3;
  v.reject("community_file", not_here);
  if (!v.has("user")) v.fail("user", "a non-empty string (the key is required)");
  session.user = v.string("user");
  const std::string level = v.choice("security_level");
  if (level != "noAuthNoPriv") {
    session.auth = v.choice("auth_protocol") == "sha" ? AuthProtocol::Sha1 : AuthProtocol::Sha256;
    // USM derives keys from passwords of at least 8 characters (RFC 3414).
    session.auth_password = read_secret(v, "auth_password_file", config_dir, 8);
  }
  if (level == "authPriv") {
    session.priv = PrivProtocol::Aes128;
    session.priv_password = read_secret(v, "priv_password_file", config_dir, 8);
  }
}

}  // namespace

const OptionTable& snmp_options() { return kOptions; }

std::shared_ptr<const SnmpSettings> parse_snmp_settings(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<SnmpSettings>();
  s->device_id = ctx.device_id;
  SessionSettings& session = s->session;
  session.host = v.string("host");
  boost::system::error_code ec;
  boost::asio::ip::make_address(session.host, ec);
  if (ec) v.fail_value("host", "an IP address (names are not resolved: opening a session must not wait for DNS)");
  session.port = static_cast<std::uint16_t>(v.integer("port"));
  read_security(v, ctx.config_dir, session);
  session.retries = static_cast<unsigned>(v.integer("retries"));
  // By default every try fits in 90 % of the device's timeout, so a dead PDU's
  // poll ends with the driver's own "no answer (N tries)", not the scheduler's.
  const double device_timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  session.timeout = v.seconds_or("request_timeout_s", std::max(0.01, 0.9 * device_timeout_s / (session.retries + 1)));
  s->max_repetitions = static_cast<unsigned>(v.integer("max_repetitions"));

  s->profile = load_profile(profile_key_path(v, ctx.config_dir, SITEPOWER_SNMP_PROFILE_DIR));
  return s;
}

std::string SnmpSettings::describe() const {
  return "snmp " + describe_session(session) + " profile " + profile.name;
}

}  // namespace sitepower::snmp
