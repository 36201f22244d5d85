// Status judges devices as telemetry judges their readings, and headroom is
// only as good as the site value, with the real agent, libmodbus meters and
// default timeouts and retries: a dead meter listed first is MISSING with its
// failed polls counted, the live one after it is GOOD, and the per-driver
// counts say the same.
#include "agent_fixture.h"
#include "peer_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

// A SunSpec meter's entry under devices:.
std::string meter(const std::string& id, const ModbusPeerProcess& peer) {
  return "  - {id: " + id + ", driver: modbus, profile: sunspec-meter, host: 127.0.0.1, port: " +
         std::to_string(peer.port()) + "}\n";
}

const v1::GroupPower* group(const v1::Telemetry& t, const std::string& id) {
  for (const auto& g : t.groups()) {
    if (g.id() == id) return &g;
  }
  return nullptr;
}

TEST_F(AgentFixture, StatusListsDevicesWithTheQualityOfTheirReadings) {
  ModbusPeerProcess dead(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", "silent"}}, dir_);
  ModbusPeerProcess live(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", ""}}, dir_);
  const std::string yaml = "site: {id: stest, contracted_capacity_kw: 1000}\nagent: {id: ctrl-s}\ndevices:\n" +
                           meter("dead", dead) + meter("live", live) + R"(tree:
  id: site
  children:
    - {id: a, meter: dead, class: mining}
    - {id: b, meter: live, class: ai}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/stest/ctrl-s/#");
  start_agent(write_config(yaml));
  // Status goes out at connect (before any poll) and every 10 s after.
  auto polled = [](const std::vector<Received>& msgs) {
    for (const auto& m : msgs) {
      v1::Status s;
      if (m.topic.ends_with("/status") && s.ParseFromString(m.payload) && s.devices_size() == 2 &&
          s.devices(0).failed_polls() >= 2) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(sub.wait_until(polled, 30s)) << agent_->output();
  v1::Status s;
  ASSERT_TRUE(s.ParseFromString(sub.on_topic_suffix("/status").back().payload));
  ASSERT_EQ(s.devices_size(), 2) << s.DebugString();
  EXPECT_EQ(s.devices(0).device_id(), "dead");
  EXPECT_EQ(s.devices(0).driver(), "modbus");
  EXPECT_EQ(s.devices(0).quality(), v1::QUALITY_MISSING);
  EXPECT_FALSE(s.devices(0).error().empty());  // the poll failure, whichever layer named it
  EXPECT_GE(s.devices(0).failed_polls(), 2u);
  EXPECT_GT(s.devices(0).since_unix_ms(), 0);
  EXPECT_LE(s.devices(0).since_unix_ms(), s.time_unix_ms());
  EXPECT_TRUE(s.devices(0).demoted());  // the scheduler probes it with backoff, after the live one
  EXPECT_EQ(s.devices(1).device_id(), "live");
  EXPECT_EQ(s.devices(1).quality(), v1::QUALITY_GOOD) << s.DebugString();
  EXPECT_EQ(s.devices(1).failed_polls(), 0u);
  EXPECT_FALSE(s.devices(1).demoted());
  ASSERT_EQ(s.drivers_size(), 1);
  EXPECT_EQ(s.drivers(0).devices_ok(), 1u);
  EXPECT_EQ(s.drivers(0).devices_stale(), 0u);
  EXPECT_EQ(s.drivers(0).devices_bad(), 1u);
  // Telemetry of the same moment says the same of their values.
  const auto telemetry_msgs = telemetry(sub.messages());
  ASSERT_FALSE(telemetry_msgs.empty());
  const v1::Telemetry& t = telemetry_msgs.back();
  ASSERT_TRUE(group(t, "a") && group(t, "b")) << t.DebugString();
  EXPECT_EQ(group(t, "a")->quality(), v1::QUALITY_MISSING);
  EXPECT_EQ(group(t, "b")->quality(), v1::QUALITY_GOOD);
  // The site is the sum of a live and a dead meter: its headroom is only an upper bound.
  EXPECT_EQ(t.site_power_quality(), v1::QUALITY_PARTIAL);
  EXPECT_EQ(t.headroom_quality(), v1::QUALITY_PARTIAL);
  EXPECT_EQ(t.headroom_error(), "upper bound: site power is partial (inputs not good: a (missing))");
}

// The reported fault, as published: a site whose only meter is dead must not
// send the whole contract as good headroom.
TEST_F(AgentFixture, DeadOnlySiteMeterPublishesNoHeadroom) {
  ModbusPeerProcess dead(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", "silent"}}, dir_);
  const std::string yaml = "site: {id: stest, contracted_capacity_kw: 1000}\nagent: {id: ctrl-s}\ndevices:\n" +
                           meter("main", dead) + "tree: {id: site, meter: main, class: facility}\n";
  Subscriber sub(broker_->uri(), "sitepower/v1/stest/ctrl-s/telemetry");
  start_agent(write_config(yaml));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 3; }, 20s)) << agent_->output();
  for (const v1::Telemetry& t : telemetry(sub.messages())) {
    EXPECT_EQ(t.headroom_quality(), v1::QUALITY_MISSING) << t.DebugString();
    EXPECT_EQ(t.headroom_w(), 0);
    EXPECT_EQ(t.headroom_error().rfind("site power is missing: ", 0), 0u) << t.headroom_error();
  }
}

}  // namespace
}  // namespace sitepower::test
