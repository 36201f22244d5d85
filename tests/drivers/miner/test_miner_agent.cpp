// End to end: the real sitepower-agent reads a row of simulated miners (two
// firmware families, one miner dead) under a simulated row meter; the row's
// readings arrive in the decoded MQTT telemetry, the dead miner's power is
// bad, and the row total is PARTIAL, never a silent 0 W.
#include "agent_fixture.h"
#include "sim_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class MinerAgentTest : public AgentFixture {};

TEST_F(MinerAgentTest, RowUnderASimMeterReachesMqtt) {
  MinerSimProcess sim({"127.0.3.1-127.0.3.2:braiins-os", "127.0.3.3:whatsminer", "127.0.3.4:whatsminer:refuse"}, dir_);
  const std::string yaml = R"(site: {id: mtest, contracted_capacity_kw: 100}
agent: {id: ctrl-m, publish_interval_s: 0.5}
devices:
  - {id: row-meter, driver: sim, power_kw: 10.5}
  - {id: row-a, driver: miner, hosts: [127.0.3.1-127.0.3.4], port: )" + std::to_string(sim.port()) +
                           R"(, interval_s: 1, timeout_s: 0.8}
tree:
  id: site
  meter: row-meter
  children:
    - {id: row-a, meter: row-a/total, class: mining}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/mtest/ctrl-m/telemetry");
  start_agent(write_config(yaml));
  auto row_read = [](const std::vector<Received>& msgs) {
    for (const auto& t : telemetry(msgs)) {
      if (const auto* p = find_device_reading(t, "row-a", "total", "power"); p && p->value() > 0) return true;
    }
    return false;
  };
  ASSERT_TRUE(sub.wait_until(row_read, 30s)) << agent_->output();
  v1::Telemetry t;
  for (const auto& m : telemetry(sub.messages())) {
    if (const auto* p = find_device_reading(m, "row-a", "total", "power"); p && p->value() > 0) t = m;
  }
  SCOPED_TRACE(t.DebugString());
  const auto* total = find_device_reading(t, "row-a", "total", "power");
  EXPECT_DOUBLE_EQ(total->value(), 3250 + 3251 + 3402);
  EXPECT_EQ(total->quality(), v1::QUALITY_PARTIAL);
  const auto* dead = find_device_reading(t, "row-a", "miner-127.0.3.4", "power");
  ASSERT_NE(dead, nullptr);
  EXPECT_EQ(dead->quality(), v1::QUALITY_BAD);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "row-a", "total", "miners_mining")->value(), 3);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "row-a", "total", "miners_unreachable")->value(), 1);
  EXPECT_DOUBLE_EQ(find_device_reading(t, "row-a", "miner-127.0.3.3", "power_limit")->value(), 3600);
  EXPECT_NE(agent_->output().find("miner row-a miner-127.0.3.4: unreachable"), std::string::npos);
}

}  // namespace
}  // namespace sitepower::test
