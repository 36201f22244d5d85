// End to end: the real sitepower-agent scrapes a dcgm-exporter-shaped endpoint
// (with an ipmi chassis gauge) over HTTP; GPU, chassis and non-GPU power reach
// the decoded MQTT telemetry of a real Mosquitto (the server's GPU and non-GPU
// power also as its node's and class's rollups), and a GPU energy counter
// that goes down is published as a counter reset. Faults (a NaN GPU, a 404, an
// expired certificate) reach MQTT as qualities and the log once each.
#include <cmath>
#include <filesystem>
#include <fstream>

#include "agent_fixture.h"
#include "dcgm_exposition.h"
#include "http_peer_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class PrometheusAgentTest : public AgentFixture {
 protected:
  void serve(const DcgmServer& server) {
    std::ofstream(dir_ + "/metrics.tmp") << dcgm_exposition(server);
    std::filesystem::rename(dir_ + "/metrics.tmp", dir_ + "/metrics");
  }
};

TEST_F(PrometheusAgentTest, GpuServerChassisAndNonGpuPowerReachMqtt) {
  DcgmServer server;
  server.chassis_w = 7900;
  serve(server);
  HttpPeerProcess peer({dir_});
  const std::string yaml = R"(site: {id: ptest, contracted_capacity_kw: 100}
agent: {id: ctrl-p, publish_interval_s: 0.5}
devices:
  - id: dgx-07
    driver: prometheus
    host: 127.0.0.1
    port: )" + std::to_string(peer.port()) + R"(
    path: /file/metrics
    profile: dcgm-exporter
    series: [{metric: ipmi_dcmi_power_consumption_watts, quantity: power, unit: W, channel: chassis}]
    differences: [{channel: server, quantity: non_gpu_power, of: chassis/power, minus: server/gpu_power, rollup: true}]
    interval_s: 0.5
tree:
  id: site
  meter: dgx-07/chassis
  class: ai
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/ptest/ctrl-p/telemetry");
  start_agent(write_config(yaml));
  const auto has = [](const std::string& channel, const std::string& quantity, double value) {
    return [=](const std::vector<Received>& msgs) {
      for (const auto& t : telemetry(msgs)) {
        const auto* r = find_device_reading(t, "dgx-07", channel, quantity);
        if (r && r->value() == value && r->quality() == v1::QUALITY_GOOD) return true;
      }
      return false;
    };
  };
  ASSERT_TRUE(sub.wait_until(has("server", "non_gpu_power", 2300), 30s)) << agent_->output();
  v1::Telemetry t;
  for (const auto& m : telemetry(sub.messages())) {
    if (const auto* r = find_device_reading(m, "dgx-07", "server", "non_gpu_power"); r && r->value() == 2300) t = m;
  }
  SCOPED_TRACE(t.DebugString());
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-07", "chassis", "power")->value(), 7900);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-07", "server", "gpu_power")->value(), 5600);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-07", "gpu7", "power")->value(), 696);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-07", "gpu0", "energy_import")->value(), 1000);
  const auto* ai = find_class(t, "ai");
  ASSERT_NE(ai, nullptr);
  // The server's fleet figures, summed by the split for its node and class.
  for (const auto& [quantity, value] : {std::pair{"gpu_power", 5600.0}, std::pair{"non_gpu_power", 2300.0}}) {
    const auto* node = find_rollup(*find_group(t, "site"), quantity);
    const auto* ai_rollup = find_rollup(*ai, quantity);
    ASSERT_NE(node, nullptr) << quantity;
    ASSERT_NE(ai_rollup, nullptr) << quantity;
    EXPECT_DOUBLE_EQ(node->value(), value);
    EXPECT_DOUBLE_EQ(ai_rollup->value(), value);
    EXPECT_EQ(ai_rollup->quality(), v1::QUALITY_GOOD);
  }

  // The GPU driver reloads: its energy counters restart near 0.
  server.energy_mj = std::vector<double>(8, 3.6e6);
  serve(server);
  const auto reset_seen = [](const std::vector<Received>& msgs) {
    for (const auto& m : telemetry(msgs)) {
      const auto* e = find_device_reading(m, "dgx-07", "gpu0", "energy_import");
      if (e && e->value() == 1 && e->counter_event() == v1::COUNTER_EVENT_RESET) return true;
    }
    return false;
  };
  EXPECT_TRUE(sub.wait_until(reset_seen, 30s)) << agent_->output();
  for (const std::string& r : peer.requests()) EXPECT_EQ(r, "GET /file/metrics");
}

TEST_F(PrometheusAgentTest, FaultsReachMqttAsQualitiesAndTheLogOnce) {
  DcgmServer server;
  server.power_w[3] = NAN;
  serve(server);
  HttpPeerProcess peer({dir_});
  TestCa ca(dir_);
  HttpPeerProcess expired({dir_, "127.0.0.1", ca.issue("expired", "IP:127.0.0.1", -1)});
  const std::string yaml = R"(site: {id: ptest, contracted_capacity_kw: 100}
agent: {id: ctrl-p, publish_interval_s: 0.5}
devices:
  - {id: dgx-07, driver: prometheus, host: 127.0.0.1, port: )" + std::to_string(peer.port()) +
                           R"(, path: /file/metrics, profile: dcgm-exporter, interval_s: 0.5}
  - {id: dgx-08, driver: prometheus, host: 127.0.0.1, port: )" + std::to_string(expired.port()) +
                           R"(, scheme: https, tls: {ca_file: ca.pem}, path: /file/metrics, profile: dcgm-exporter, interval_s: 0.5}
tree:
  id: site
  children:
    - {id: dgx-07, meter: dgx-07/server/gpu_power, class: ai}
    - {id: dgx-08, meter: dgx-08/server/gpu_power, class: ai}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/ptest/ctrl-p/telemetry");
  start_agent(write_config(yaml));
  const auto quality_seen = [](const std::string& channel, v1::Quality q) {
    return [channel, q](const std::vector<Received>& msgs) {
      for (const auto& t : telemetry(msgs)) {
        const auto* r = find_device_reading(t, "dgx-07", channel, channel == "server" ? "gpu_power" : "power");
        if (r && r->quality() == q) return true;
      }
      return false;
    };
  };
  ASSERT_TRUE(sub.wait_until(quality_seen("server", v1::QUALITY_PARTIAL), 30s)) << agent_->output();
  v1::Telemetry t;
  for (const auto& m : telemetry(sub.messages())) {
    if (find_device_reading(m, "dgx-07", "gpu3", "power")) t = m;
  }
  SCOPED_TRACE(t.DebugString());
  EXPECT_EQ(find_device_reading(t, "dgx-07", "gpu3", "power")->quality(), v1::QUALITY_BAD);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-07", "server", "gpu_power")->value(), 5600 - 698);
  EXPECT_EQ(find_device_reading(t, "dgx-07", "gpu4", "power")->quality(), v1::QUALITY_GOOD);

  std::filesystem::remove(dir_ + "/metrics");  // the exporter stops serving: 404
  // A good GPU's last value goes stale (the core's rule for a failing device), never 0 W.
  ASSERT_TRUE(sub.wait_until(quality_seen("gpu4", v1::QUALITY_STALE), 30s)) << agent_->output();
  double stale_w = 0;
  for (const auto& m : telemetry(sub.messages())) {
    const auto* r = find_device_reading(m, "dgx-07", "gpu4", "power");
    if (r && r->quality() == v1::QUALITY_STALE) stale_w = r->value();
  }
  EXPECT_DOUBLE_EQ(stale_w, 701);  // its last value, marked stale
  const std::string log = agent_->output();
  const auto count = [&](const std::string& text) {
    std::size_t n = 0;
    for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("device dgx-07 (prometheus) failed: HTTP 404: no /file/metrics on the endpoint"), 1u) << log;
  EXPECT_EQ(count("device dgx-08 (prometheus) failed: TLS certificate rejected (expired): certificate has expired"), 1u)
      << log;
  EXPECT_EQ(count("prometheus dgx-07: 2 readings not good, first gpu3/power bad"), 1u) << log;
  EXPECT_TRUE(expired.requests().empty());  // nothing sent over an unverified connection
}

}  // namespace
}  // namespace sitepower::test
