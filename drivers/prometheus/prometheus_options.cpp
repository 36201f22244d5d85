// The `prometheus` device keys, declared once, and their reading into PrometheusSettings.
#include "prometheus_options.h"

#include "endpoint_options.h"
#include "profile_lookup.h"

namespace sitepower::prometheus {
namespace {

const OptionTable kOptions{
    "prometheus",
    "a Prometheus text-format endpoint over HTTP(S) (dcgm-exporter, node, ipmi, PDU exporters), read-only",
    http::endpoint_options({9400, "http", "TCP port (dcgm-exporter's is 9400)"}, {
        Option::string("path", 1024).def("/metrics").help("the one path the driver GETs"),
        Option::string("profile")
            .help("shipped profile name (`dcgm-exporter`) or a file path ending in `.yaml` or containing `/`, relative to the config"),
        Option::list("series")
            .help("the device's own series maps ({metric, match, quantity, unit, scale, divide, channel, sum}); same channel and quantity as a profile's replaces it"),
        Option::list("differences")
            .help("readings that are one reading minus another ({channel, quantity, of, minus, rollup}), e.g. chassis power minus GPU power"),
    })};

}  // namespace

const OptionTable& prometheus_options() { return kOptions; }

std::shared_ptr<const PrometheusSettings> parse_prometheus_settings(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<PrometheusSettings>();
  s->device_id = ctx.device_id;
  http::ClientSettings& c = s->client;
  http::read_endpoint(v, ctx, "prometheus", c);
  s->path = v.string("path");
  if (!s->path.starts_with("/")) v.fail_value("path", "a path starting with '/', e.g. /metrics");
  // The text format 0.0.4 only: an exporter that negotiates must not answer
  // with OpenMetrics or protobuf, which this driver does not read.
  c.accept = "text/plain;version=0.0.4";
  // The whole scrape, too, ends before the scheduler's timeout cancels it.
  s->poll_deadline = ctx.timeout * 9 / 10;

  if (v.has("profile")) {
    s->profile = v.string("profile");
    s->mapping = load_profile(profile_key_path(v, ctx.config_dir, SITEPOWER_PROMETHEUS_PROFILE_DIR));
  }
  add_mappings(v.section(), s->mapping);
  if (s->mapping.series.empty()) v.fail("series", "at least one series map (or a profile)");
  return s;
}

std::string PrometheusSettings::describe() const {
  std::string out = "prometheus " + http::describe_endpoint(client) + path;
  if (!profile.empty()) out += " profile " + profile;
  return out + http::describe_access(client);
}

std::optional<std::vector<ChannelQuantity>> PrometheusSettings::channels() const {
  for (const SeriesMap& m : mapping.series) {
    if (m.per_series()) return std::nullopt;
  }
  return mapping.fixed_channels();
}

}  // namespace sitepower::prometheus
