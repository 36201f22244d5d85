// End to end: the real sitepower-agent reads an AI rack over HTTPS Redfish (a
// DGX BMC with per-GPU power, a PowerEdge iDRAC, the rack's Redfish PDU) next
// to a dcgm-exporter endpoint (the prometheus driver) for the PowerEdge's
// GPUs, all under the one rack PDU. Chassis, GPU and non-GPU power reach the
// decoded MQTT telemetry of a real Mosquitto, the PDU is reconciled against
// the servers' chassis power, and the faults (null readings, a BMC that
// resets its sessions, a dead BMC) reach MQTT as qualities.
#include <filesystem>
#include <fstream>

#include "agent_fixture.h"
#include "dcgm_exposition.h"
#include "http_peer_process.h"
#include "redfish_sim_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class RedfishAgentTest : public AgentFixture {
 protected:
  void SetUp() override {
    AgentFixture::SetUp();
    std::ofstream(dir_ + "/bmc-password") << "calvin\n";
    ca_.emplace(dir_);
    sim_.emplace(RedfishSimOptions{.dir = dir_,
                                   .servers = {{"dgx", "dgx-01"}, {"idrac", "r760-01"}, {"pdu", "rack-7-pdu"}},
                                   .tls = ca_->issue("bmc", "IP:127.0.0.1"),
                                   .user = "root",
                                   .password_file = dir_ + "/bmc-password"});
    DcgmServer gpus;  // 8 GPUs, 5600 W
    std::ofstream(dir_ + "/metrics") << dcgm_exposition(gpus);
    dcgm_.emplace(HttpPeerOptions{dir_});
  }

  std::string state(const std::string& dgx_extra = "") const {
    return R"({"dgx-01": {"chassis_w": 7900, "gpu_w": [700, 700, 700, 700, 700, 700, 700, 700])" + dgx_extra + R"(},
               "r760-01": {"chassis_w": 6500},
               "rack-7-pdu": {"outlet_w": [8100, 6700, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}})";
  }

  std::string config() const {
    const auto bmc = [&](const std::string& id, const std::string& extra) {
      return "  - {id: " + id + ", driver: redfish, host: 127.0.0.1, port: " + std::to_string(sim_->port(id)) +
             ", tls: {ca_file: ca.pem}, user: root, password_file: bmc-password, interval_s: 1, timeout_s: 0.9" +
             extra + "}\n";
    };
    return R"(site: {id: rtest, contracted_capacity_kw: 100}
agent: {id: ctrl-r, publish_interval_s: 0.5}
devices:
)" + bmc("dgx-01", "") + bmc("r760-01", ", psus: false") + bmc("rack-7-pdu", ", auth: basic") +
           "  - {id: r760-01-gpus, driver: prometheus, host: 127.0.0.1, port: " + std::to_string(dcgm_->port()) +
           R"(, path: /file/metrics, profile: dcgm-exporter, interval_s: 0.5}
tree:
  id: rack-7
  meter: rack-7-pdu
  reported: [dgx-01/chassis/power, r760-01/chassis/power]
  rollups: [r760-01-gpus]
  class: ai
)";
  }

  // The last telemetry for which `pick` holds.
  template <class Pick>
  static v1::Telemetry last_where(const std::vector<Received>& msgs, Pick pick) {
    v1::Telemetry found;
    for (const auto& t : telemetry(msgs)) {
      if (pick(t)) found = t;
    }
    return found;
  }

  std::optional<TestCa> ca_;
  std::optional<RedfishSimProcess> sim_;
  std::optional<HttpPeerProcess> dcgm_;
};

TEST_F(RedfishAgentTest, AMixedRackReachesMqttReconciledAgainstItsPdu) {
  sim_->set_state(state());
  Subscriber sub(broker_->uri(), "sitepower/v1/rtest/ctrl-r/telemetry");
  start_agent(write_config(config()));
  const auto whole = [](const v1::Telemetry& t) {
    const auto* g = find_group(t, "rack-7");
    return g && g->has_reconciliation() && g->reconciliation().quality() == v1::QUALITY_GOOD &&
           g->reconciliation().reported_w() == 14400 && find_device_reading(t, "r760-01-gpus", "gpu0", "power");
  };
  ASSERT_TRUE(sub.wait_until([&](const auto& msgs) { return !last_where(msgs, whole).groups().empty(); }, 60s))
      << agent_->output();
  const v1::Telemetry t = last_where(sub.messages(), whole);
  SCOPED_TRACE(t.DebugString());
  const auto& r = find_group(t, "rack-7")->reconciliation();
  EXPECT_DOUBLE_EQ(r.measured_w(), 14800);  // the PDU's outlets
  EXPECT_DOUBLE_EQ(r.difference_w(), 400);
  EXPECT_FALSE(r.out_of_band());
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-01", "gpu7", "power")->value(), 700);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "dgx-01", "server", "non_gpu_power")->value(), 2300);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "rack-7-pdu", "outlet1", "power")->value(), 8100);
  EXPECT_EQ(find_device_reading(t, "rack-7-pdu", "outlet1", "power")->label(), "gpu-srv-1");
  // The rack's GPU figure: the DGX's from its BMC (a device the node
  // reports) and the PowerEdge's from its dcgm endpoint (`rollups:`).
  const auto* gpu = find_rollup(*find_group(t, "rack-7"), "gpu_power");
  ASSERT_NE(gpu, nullptr);
  EXPECT_DOUBLE_EQ(gpu->value(), 5600 + 5600);
  EXPECT_EQ(gpu->quality(), v1::QUALITY_GOOD);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "r760-01-gpus", "server", "gpu_power")->value(), 5600);
}

TEST_F(RedfishAgentTest, FaultsReachMqttAsQualities) {
  sim_->set_state(state(R"(, "fault": "null_readings", "fault_path": "/redfish/v1/Chassis/DGX/EnvironmentMetrics")"));
  Subscriber sub(broker_->uri(), "sitepower/v1/rtest/ctrl-r/telemetry");
  start_agent(write_config(config()));
  const auto null_chassis = [](const v1::Telemetry& t) {
    const auto* r = find_device_reading(t, "dgx-01", "chassis", "power");
    return r && r->quality() == v1::QUALITY_BAD && find_group(t, "rack-7");
  };
  ASSERT_TRUE(sub.wait_until([&](const auto& msgs) { return !last_where(msgs, null_chassis).groups().empty(); }, 60s))
      << agent_->output();
  v1::Telemetry t = last_where(sub.messages(), null_chassis);
  EXPECT_EQ(find_device_reading(t, "dgx-01", "chassis", "power")->error(),
            "/redfish/v1/Chassis/DGX/EnvironmentMetrics PowerWatts/Reading: null (not available)");
  EXPECT_NE(find_group(t, "rack-7")->reconciliation().quality(), v1::QUALITY_GOOD);

  // The BMC resets its sessions, then comes back with its readings: GOOD again
  // without a failed poll in between.
  sim_->set_state(state(R"(, "session_epoch": 1)"));
  const auto good = [](const v1::Telemetry& t) {
    const auto* r = find_device_reading(t, "dgx-01", "chassis", "power");
    return r && r->quality() == v1::QUALITY_GOOD && r->value() == 7900;
  };
  ASSERT_TRUE(sub.wait_until([&](const auto& msgs) { return !last_where(msgs, good).readings().empty(); }, 60s))
      << agent_->output();
  EXPECT_EQ(agent_->output().find("device dgx-01 (redfish) failed"), std::string::npos) << agent_->output();
  EXPECT_NE(agent_->output().find("refused the session (expired or reset): logged in again"), std::string::npos)
      << agent_->output();

  // Dead BMCs: their chassis power is no longer GOOD (stale, then bad), and
  // the rack's reconciliation says so.
  sim_.reset();
  const auto dead = [](const v1::Telemetry& t) {
    const auto* r = find_device_reading(t, "r760-01", "chassis", "power");
    return r && r->quality() != v1::QUALITY_GOOD && find_group(t, "rack-7");
  };
  ASSERT_TRUE(sub.wait_until([&](const auto& msgs) { return !last_where(msgs, dead).readings().empty(); }, 60s))
      << agent_->output();
  t = last_where(sub.messages(), dead);
  EXPECT_NE(find_group(t, "rack-7")->reconciliation().quality(), v1::QUALITY_GOOD);
  EXPECT_NE(agent_->output().find("device r760-01 (redfish) failed: connect: Connection refused"), std::string::npos)
      << agent_->output();
}

}  // namespace
}  // namespace sitepower::test
