// End to end: the real sitepower-agent reads a row of simulated miners (two
// firmware families, one miner dead) under a simulated row meter; the row's
// readings arrive in the decoded MQTT telemetry, the dead miner's power is
// bad, and the row total is PARTIAL, never a silent 0 W. And a row reconciled
// against its meter through a curtailment, down and back up.
#include <algorithm>
#include <csignal>
#include <optional>

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

// The meter stays at 10.5 kW throughout: while the miners mine (9,753 W
// reported) the ratio is in band; asleep they report 60 W against the same
// meter, so the flag fires (a load nobody accounts for), and clears when they
// resume. Curtailed power follows the miners' own limits, per row and class.
TEST_F(MinerAgentTest, CurtailmentRampsARowDownAndBackAgainstItsMeter) {
  MinerSimProcess sim({"127.0.3.11-127.0.3.13:braiins-os"}, dir_);
  const std::string yaml = R"(site: {id: mtest, contracted_capacity_kw: 100}
agent: {id: ctrl-m, publish_interval_s: 0.5}
devices:
  - {id: row-meter, driver: sim, power_kw: 10.5}
  - {id: row-a, driver: miner, hosts: [127.0.3.11-127.0.3.13], port: )" + std::to_string(sim.port()) +
                           R"(, interval_s: 1, timeout_s: 0.8}
tree:
  id: site
  children:
    - {id: row-a, meter: row-meter, reported: [row-a], class: mining}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/mtest/ctrl-m/telemetry");
  start_agent(write_config(yaml));
  // The last telemetry, from message `from` on, whose class rollup says `mining` miners mine.
  auto phase = [](const std::vector<Received>& msgs, double mining, std::size_t from = 0) {
    std::optional<v1::Telemetry> last;
    const std::vector<Received> since(msgs.begin() + static_cast<std::ptrdiff_t>(std::min(from, msgs.size())), msgs.end());
    for (const auto& t : telemetry(since)) {
      const auto* c = find_class(t, "mining");
      const auto* m = c ? find_rollup(*c, "miners_mining") : nullptr;
      const auto* g = find_group(t, "row-a");
      if (m && m->value() == mining && g && g->reconciliation().quality() == v1::QUALITY_GOOD) last = t;
    }
    return last;
  };
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return phase(m, 3).has_value(); }, 30s)) << agent_->output();
  {
    const v1::Telemetry t = *phase(sub.messages(), 3);
    SCOPED_TRACE(t.DebugString());
    const auto& r = find_group(t, "row-a")->reconciliation();
    EXPECT_NEAR(r.measured_w(), 10500, 1);
    EXPECT_DOUBLE_EQ(r.reported_w(), 3250 + 3251 + 3252);
    EXPECT_NEAR(r.ratio(), 9753 / 10500.0, 0.001);
    EXPECT_FALSE(r.out_of_band());
    EXPECT_DOUBLE_EQ(find_rollup(*find_group(t, "row-a"), "curtailed_power")->value(), 3 * 3400 - 9753);
    EXPECT_DOUBLE_EQ(find_class(t, "mining")->power_w(), find_group(t, "row-a")->power_w()) << "the meter counts";
  }

  sim.signal(SIGUSR1, "curtailed");
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return phase(m, 0).has_value(); }, 30s)) << agent_->output();
  {
    const v1::Telemetry t = *phase(sub.messages(), 0);
    SCOPED_TRACE(t.DebugString());
    const auto& r = find_group(t, "row-a")->reconciliation();
    EXPECT_DOUBLE_EQ(r.reported_w(), 60);
    EXPECT_TRUE(r.out_of_band());
    const auto* mining = find_class(t, "mining");
    EXPECT_DOUBLE_EQ(find_rollup(*mining, "miners_idle")->value(), 3);
    EXPECT_DOUBLE_EQ(find_rollup(*mining, "curtailed_power")->value(), 3 * 3400 - 60);
    EXPECT_EQ(find_rollup(*mining, "curtailed_power")->quality(), v1::QUALITY_GOOD);
    EXPECT_DOUBLE_EQ(find_rollup(*mining, "power_full")->value(), 3 * 3400);
    EXPECT_DOUBLE_EQ(find_rollup(*mining, "hashrate_5s")->value(), 0);
  }

  const std::size_t resumed_from = sub.messages().size();
  sim.signal(SIGUSR2, "resumed");
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return phase(m, 3, resumed_from).has_value(); }, 30s))
      << agent_->output();
  EXPECT_FALSE(find_group(*phase(sub.messages(), 3, resumed_from), "row-a")->reconciliation().out_of_band());
}

}  // namespace
}  // namespace sitepower::test
