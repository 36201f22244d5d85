#include "endpoint_options.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "credential_files.h"

namespace sitepower::http {
namespace {

const OptionTable kTlsOptions{
    "tls",
    "TLS for an https endpoint",
    {
        Option::boolean("verify").def(true)
            .help("check the certificate chain and that it names `server_name`; false is logged as a warning at start"),
        Option::string("ca_file").derived("the system's CA store")
            .help("CA certificate(s) (PEM) the endpoint's certificate must chain to, relative to the config"),
    }};

std::string read_password(const OptionValues& v, const std::string& config_dir) {
  if (!v.has("password_file")) v.fail("password_file", "a file holding the password (required with user)");
  const std::string path = (std::filesystem::path(config_dir) / v.string("password_file")).string();
  try {
    return read_password_file(path);
  } catch (const PasswordFileError& e) {
    v.fail_value("password_file", std::string("a file holding the password (") + e.what() + ")");
  }
}

void read_tls(const OptionValues& v, const std::string& config_dir, ClientSettings& c) {
  if (!c.https) {
    v.reject("tls", "no such key with scheme http");
    v.reject("server_name", "no such key with scheme http");
    return;
  }
  c.server_name = v.string_or("server_name", c.host);
  const OptionValues* tls = v.values("tls");
  if (!tls) return;
  c.tls.verify = tls->boolean("verify");
  if (tls->has("ca_file")) {
    if (!c.tls.verify) tls->fail_value("ca_file", "no ca_file with verify: false (nothing is checked)");
    c.tls.ca_file = (std::filesystem::path(config_dir) / tls->string("ca_file")).string();
    if (!is_readable_file(c.tls.ca_file)) tls->fail_value("ca_file", "a readable PEM file (" + c.tls.ca_file + ")");
  }
}

}  // namespace

std::vector<Option> endpoint_options(const EndpointDefaults& d, std::vector<Option> own) {
  std::vector<Option> all{
      Option::string("host", 64).require().help("the endpoint's IP address (names are not resolved: no wait for DNS)"),
      Option::integer("port", 1, 65535).def(d.port).help(d.port_help),
      Option::choice("scheme", {"http", "https"}).def(d.scheme).help("http, or https with TLS verified (`tls`)"),
      Option::string("server_name", 253).derived("host")
          .help("https: the name (or address) the certificate must hold, sent as SNI when a name"),
      Option::mapping("tls", &kTlsOptions).help("https: certificate checking"),
      Option::string("user", 64).help("user name (with password_file)"),
      Option::string("password_file").derived("required with user")
          .help("file whose first line is the password, relative to the config; never logged"),
  };
  all.insert(all.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
  all.push_back(Option::seconds("request_timeout_s", 0.01, 60).derived("0.9 × timeout_s")
                    .help("one request: connect, TLS handshake, the whole reply"));
  all.push_back(Option::integer("max_reply_kb", 1, 65536).def(4096.0)
                    .help("a longer reply is an error, not a bigger buffer"));
  return all;
}

void read_endpoint(const OptionValues& v, const DriverContext& ctx, const std::string& driver, ClientSettings& c) {
  c.log_name = driver + " " + ctx.device_id;
  c.host = v.string("host");
  boost::system::error_code ec;
  boost::asio::ip::make_address(c.host, ec);
  if (ec) v.fail_value("host", "an IP address (names are not resolved: a poll must not wait for DNS)");
  c.port = static_cast<std::uint16_t>(v.integer("port"));
  c.https = v.choice("scheme") == "https";
  read_tls(v, ctx.config_dir, c);
  if (v.has("user")) {
    c.basic_auth = BasicAuth{v.string("user"), read_password(v, ctx.config_dir)};
  } else {
    v.reject("password_file", "no such key without user");
  }
  const double device_timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  c.request_timeout = v.seconds_or("request_timeout_s", std::max(0.01, 0.9 * device_timeout_s));
  c.max_body_bytes = static_cast<std::size_t>(v.integer("max_reply_kb")) * 1024;
}

std::string describe_endpoint(const ClientSettings& c) {
  return std::string(c.https ? "https://" : "http://") + c.host + ":" + std::to_string(c.port);
}

std::string describe_access(const ClientSettings& c) {
  std::string out;
  if (c.basic_auth) out += ", user " + c.basic_auth->user;
  if (c.https && !c.tls.verify) out += ", TLS not verified";
  return out;
}

}  // namespace sitepower::http
