// The `prometheus` device keys, declared once, and their reading into PrometheusSettings.
#include "prometheus_options.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <filesystem>

#include "credential_files.h"
#include "profile_lookup.h"

namespace sitepower::prometheus {
namespace {

const OptionTable kTlsOptions{
    "prometheus.tls",
    "TLS for an https endpoint",
    {
        Option::boolean("verify").def(true)
            .help("check the certificate chain and that it names `server_name`; false is logged as a warning at start"),
        Option::string("ca_file").derived("the system's CA store")
            .help("CA certificate(s) (PEM) the endpoint's certificate must chain to, relative to the config"),
    }};

const OptionTable kOptions{
    "prometheus",
    "a Prometheus text-format endpoint over HTTP(S) (dcgm-exporter, node, ipmi, PDU exporters), read-only",
    {
        Option::string("host", 64).require().help("the endpoint's IP address (names are not resolved: no wait for DNS)"),
        Option::integer("port", 1, 65535).def(9400.0).help("TCP port (dcgm-exporter's is 9400)"),
        Option::choice("scheme", {"http", "https"}).def("http").help("http, or https with TLS verified (`tls`)"),
        Option::string("path", 1024).def("/metrics").help("the one path the driver GETs"),
        Option::string("server_name", 253).derived("host")
            .help("https: the name (or address) the certificate must hold, sent as SNI when a name"),
        Option::mapping("tls", &kTlsOptions).help("https: certificate checking"),
        Option::string("user", 64).help("HTTP basic auth user (with password_file)"),
        Option::string("password_file").derived("required with user")
            .help("file whose first line is the basic auth password, relative to the config; never logged"),
        Option::string("profile")
            .help("shipped profile name (`dcgm-exporter`) or a file path ending in `.yaml` or containing `/`, relative to the config"),
        Option::list("series")
            .help("the device's own series maps ({metric, match, quantity, unit, scale, divide, channel, sum}); same channel and quantity as a profile's replaces it"),
        Option::list("differences")
            .help("readings that are one reading minus another ({channel, quantity, of, minus, rollup}), e.g. chassis power minus GPU power"),
        Option::seconds("request_timeout_s", 0.01, 60).derived("0.9 × timeout_s")
            .help("one request: connect, TLS handshake, the whole reply"),
        Option::integer("max_reply_kb", 1, 65536).def(4096.0).help("a longer reply is an error, not a bigger buffer"),
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

void read_tls(const OptionValues& v, const std::string& config_dir, http::ClientSettings& c) {
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

const OptionTable& prometheus_options() { return kOptions; }

std::shared_ptr<const PrometheusSettings> parse_prometheus_settings(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<PrometheusSettings>();
  s->device_id = ctx.device_id;
  http::ClientSettings& c = s->client;
  c.log_name = "prometheus " + ctx.device_id;
  c.host = v.string("host");
  boost::system::error_code ec;
  boost::asio::ip::make_address(c.host, ec);
  if (ec) v.fail_value("host", "an IP address (names are not resolved: a scrape must not wait for DNS)");
  c.port = static_cast<std::uint16_t>(v.integer("port"));
  c.https = v.choice("scheme") == "https";
  read_tls(v, ctx.config_dir, c);
  if (v.has("user")) {
    c.basic_auth = http::BasicAuth{v.string("user"), read_password(v, ctx.config_dir)};
  } else {
    v.reject("password_file", "no such key without user");
  }
  s->path = v.string("path");
  if (!s->path.starts_with("/")) v.fail_value("path", "a path starting with '/', e.g. /metrics");
  // The text format 0.0.4 only: an exporter that negotiates must not answer
  // with OpenMetrics or protobuf, which this driver does not read.
  c.accept = "text/plain;version=0.0.4";
  // By default the scrape ends (with the driver's own reason) before the
  // scheduler's timeout cancels it.
  const double device_timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  c.request_timeout = v.seconds_or("request_timeout_s", std::max(0.01, 0.9 * device_timeout_s));
  s->poll_deadline = std::chrono::milliseconds(static_cast<long long>(900 * device_timeout_s));
  c.max_body_bytes = static_cast<std::size_t>(v.integer("max_reply_kb")) * 1024;

  if (v.has("profile")) {
    s->profile = v.string("profile");
    s->mapping = load_profile(profile_key_path(v, ctx.config_dir, SITEPOWER_PROMETHEUS_PROFILE_DIR));
  }
  add_mappings(v.section(), s->mapping);
  if (s->mapping.series.empty()) v.fail("series", "at least one series map (or a profile)");
  return s;
}

std::string PrometheusSettings::describe() const {
  std::string out = "prometheus " + std::string(client.https ? "https://" : "http://") + client.host + ":" +
                    std::to_string(client.port) + path;
  if (!profile.empty()) out += " profile " + profile;
  if (client.basic_auth) out += ", user " + client.basic_auth->user;
  if (client.https && !client.tls.verify) out += ", TLS not verified";
  return out;
}

std::optional<std::vector<ChannelQuantity>> PrometheusSettings::channels() const {
  for (const SeriesMap& m : mapping.series) {
    if (m.per_series()) return std::nullopt;
  }
  return mapping.fixed_channels();
}

}  // namespace sitepower::prometheus
