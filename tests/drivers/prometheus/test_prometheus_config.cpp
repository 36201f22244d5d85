// The `prometheus` device keys: what `--check-config` accepts and refuses,
// with file:line:key errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_error_of.h"
#include "prometheus_driver.h"
#include "prometheus_settings.h"
#include "section.h"

namespace sitepower::prometheus {
namespace {

using test::config_error_of;

std::shared_ptr<const PrometheusSettings> read(const std::string& yaml, const std::string& dir = ".") {
  Section s = load_yaml_text(yaml, "test.yaml", "devices[0]");
  auto settings = prometheus_driver_kind().read(
      s, DriverContext{"dgx-07", dir, std::chrono::milliseconds(2000), std::chrono::milliseconds(5000)});
  return std::static_pointer_cast<const PrometheusSettings>(settings);
}

std::string error_of(const std::string& yaml, const std::string& dir = ".") {
  return config_error_of([&] { read(yaml, dir); });
}

TEST(PrometheusConfig, ReadsAProfileAndDerivedLimits) {
  const auto s = read("{host: 10.0.7.7, profile: dcgm-exporter}");
  EXPECT_EQ(s->describe(), "prometheus http://10.0.7.7:9400/metrics profile dcgm-exporter");
  EXPECT_EQ(s->client.request_timeout, std::chrono::milliseconds(1800));
  EXPECT_EQ(s->poll_deadline, std::chrono::milliseconds(1800));
  EXPECT_EQ(s->client.max_body_bytes, 4096u * 1024);
  ASSERT_EQ(s->mapping.series.size(), 2u);
  EXPECT_EQ(s->mapping.series[1].unit, "Wh");
  ASSERT_TRUE(s->mapping.series[0].sum);
  EXPECT_EQ(s->mapping.series[0].sum->name, (ChannelQuantity{"server", "gpu_power"}));
  EXPECT_TRUE(s->mapping.series[0].sum->rollup);
  ASSERT_TRUE(s->mapping.series[1].sum);
  EXPECT_EQ(s->mapping.series[1].sum->name, (ChannelQuantity{"gpus", "energy_import"}));  // `sum: gpus`
  EXPECT_FALSE(s->mapping.series[1].sum->rollup);
  EXPECT_FALSE(s->channels());  // gpu{gpu}: known only by scraping
}

TEST(PrometheusConfig, DeviceSeriesAndDifferencesJoinTheProfile) {
  const auto s = read(R"({host: 10.0.7.7, profile: dcgm-exporter,
    series: [{metric: ipmi_dcmi_power_consumption_watts, quantity: power, unit: W, channel: chassis},
             {metric: DCGM_FI_DEV_POWER_USAGE, match: [Hostname=dgx-07], quantity: power, unit: W, channel: "gpu{gpu}",
              sum: {channel: server, quantity: gpu_power, rollup: true}}],
    differences: [{channel: server, quantity: non_gpu_power, of: chassis/power, minus: server/gpu_power, rollup: true}]})");
  ASSERT_EQ(s->mapping.series.size(), 3u);
  EXPECT_EQ(s->mapping.series[0].match.size(), 1u);  // replaced the profile's
  EXPECT_EQ(s->mapping.series[0].match[0].value, "dgx-07");
  ASSERT_EQ(s->mapping.differences.size(), 1u);
  EXPECT_TRUE(s->mapping.differences[0].result.rollup);
  const auto fixed = read("{host: 10.0.7.7, series: [{metric: up, quantity: power, channel: chassis}]}");
  EXPECT_EQ(fixed->channels(), (std::vector<ChannelQuantity>{{"chassis", "power"}}));
}

TEST(PrometheusConfig, RefusesWhatCannotWork) {
  EXPECT_EQ(error_of("{host: dgx-07.local, profile: dcgm-exporter}"),
            "test.yaml:1: devices[0].host: expected an IP address (names are not resolved: a poll must not wait for "
            "DNS), got 'dgx-07.local'");
  EXPECT_EQ(error_of("{host: 10.0.7.7}"),
            "test.yaml:1: devices[0].series: expected at least one series map (or a profile)");
  EXPECT_EQ(error_of("{host: 10.0.7.7, profile: dcgm-exporter, path: metrics}"),
            "test.yaml:1: devices[0].path: expected a path starting with '/', e.g. /metrics, got 'metrics'");
  EXPECT_EQ(error_of("{host: 10.0.7.7, profile: dcgm-exporter, tls: {verify: false}}"),
            "test.yaml:1: devices[0].tls: expected no such key with scheme http");
  EXPECT_EQ(error_of("{host: 10.0.7.7, profile: dcgm-exporter, user: ops}"),
            "test.yaml:1: devices[0].password_file: expected a file holding the password (required with user)");
  EXPECT_EQ(error_of("{host: 10.0.7.7, profile: dcgm-exporter, scheme: https, tls: {ca_file: nowhere.pem}}"),
            "test.yaml:1: devices[0].tls.ca_file: expected a readable PEM file (./nowhere.pem), got 'nowhere.pem'");
  EXPECT_EQ(error_of("{host: 10.0.7.7, series: [{metric: 9lives, quantity: power}]}"),
            "test.yaml:1: devices[0].series[0].metric: expected a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got '9lives'");
  EXPECT_EQ(error_of("{host: 10.0.7.7, series: [{metric: up, quantity: power, match: [gpu]}]}"),
            "test.yaml:1: devices[0].series[0].match: expected a list of LABEL=VALUE, e.g. [Hostname=dgx-07], got a list");
  EXPECT_EQ(error_of("{host: 10.0.7.7, profile: dcgm-exporter, differences: [{channel: c, quantity: x, of: chassis/power, minus: server/gpu_power}]}"),
            "test.yaml:1: devices[0].differences[0].of: expected a reading the series above fix (a fixed channel or a sum), "
            "e.g. server/gpu_power, got 'chassis/power'");
  EXPECT_EQ(error_of("{host: 10.0.7.7, series: [{metric: up, quantity: power, channel: \"gpu{gpu}\", sum: {quantity: gpu_power}}]}"),
            "test.yaml:1: devices[0].series[0].sum.channel: expected a non-empty string (the key is required)");
  EXPECT_EQ(error_of("{host: 10.0.7.7, series: [{metric: up, quantity: power, sum: {channel: \"g{gpu}\", rollup: true}}]}"),
            "test.yaml:1: devices[0].series[0].sum.channel: expected a channel name without {label}, got 'g{gpu}'");
  EXPECT_EQ(error_of("{host: 10.0.7.7, series: [{metric: up, quantity: power, sum: {channel: s, rollup: yes please}}]}"),
            "test.yaml:1: devices[0].series[0].sum.rollup: expected true or false, got 'yes please'");
  EXPECT_EQ(error_of(R"({host: 10.0.7.7, profile: dcgm-exporter,
    series: [{metric: ipmi_dcmi_power_consumption_watts, quantity: power, unit: W, channel: chassis}],
    differences: [{channel: server, quantity: gpu_power, of: chassis/power, minus: server/gpu_power, rollup: true}]})"),
            "test.yaml:3: devices[0].differences[0].quantity: expected one rollup per quantity in a device's mapping "
            "(the split would add both): another channel or quantity, got 'gpu_power'");
}

}  // namespace
}  // namespace sitepower::prometheus
