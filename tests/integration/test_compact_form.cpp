// Compact telemetry through the real agent and broker (issue 15 item 4): the
// agent sends values by catalogue place, the retained inventory carries the
// catalogue, sitepower-tail decodes it whether it was there first or came
// late, and a restart keeps the catalogue's epoch, so the first boot's
// messages decode with the second boot's inventory.
#include <signal.h>

#include "agent_fixture.h"
#include "sitepower/v1/inventory.pb.h"
#include "unpack_telemetry.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

std::string compact_site() {
  std::string yaml = kSiteYaml;
  const std::string id = "  id: ctrl-t\n";
  yaml.insert(yaml.find(id) + id.size(), "  telemetry_form: compact\n");
  return yaml;
}

class CompactForm : public AgentFixture {
 protected:
  static v1::Inventory last_inventory(const std::vector<Received>& msgs) {
    std::string payload;
    for (const auto& m : msgs) {
      if (m.topic.ends_with("/inventory")) payload = m.payload;
    }
    v1::Inventory inv;
    EXPECT_TRUE(!payload.empty() && inv.ParseFromString(payload));
    return inv;
  }
  // One boot: from the start to `cycles` telemetry messages, then SIGTERM.
  std::vector<Received> boot(const std::string& config, std::size_t cycles) {
    Subscriber sub(broker_->uri(), "sitepower/v1/#");
    start_agent(config);
    EXPECT_TRUE(sub.wait_until([&](const auto& m) { return count_suffix(m, "/telemetry") >= cycles; }, 20s))
        << agent_->output();
    agent_->signal(SIGTERM);
    EXPECT_EQ(agent_->wait(20s), 0) << agent_->output();
    return sub.messages();
  }
};

TEST_F(CompactForm, TheWireCarriesPlacesAndTheTailShowsNames) {
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri(), "--json", "--count", "6"},
                    dir_ + "/tail.log");
  ASSERT_TRUE(tail.wait_for_output("subscribed to", 10s)) << tail.output();
  Subscriber raw(broker_->uri(), "sitepower/v1/#");
  start_agent(write_config(compact_site()));
  ASSERT_EQ(tail.wait(30s), 0) << tail.output();
  const std::string out = tail.output();
  // Decoded: devices named again, the site meter's value at 0.1 W.
  EXPECT_NE(out.find("\"device_id\":\"row-a\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"site_power_w\":2310000"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"packed\""), std::string::npos) << out;
  EXPECT_EQ(out.find("not decoded"), std::string::npos) << out;
  // On the wire: no names, a catalogue in the retained inventory.
  ASSERT_TRUE(raw.wait_until([](const auto& m) { return count_suffix(m, "/telemetry") >= 3; }, 20s));
  const auto msgs = raw.messages();
  const v1::Telemetry last = telemetry(msgs).back();
  EXPECT_EQ(last.readings_size(), 0);
  EXPECT_GT(last.packed().values_size(), 0);
  const v1::Inventory inv = last_inventory(msgs);
  EXPECT_NE(inv.catalogue().epoch(), 0u);
  EXPECT_EQ(inv.catalogue().entries_size(), last.packed().values_size());
}

TEST_F(CompactForm, ARestartKeepsTheEpochAndTheFirstBootDecodesWithTheSecondsInventory) {
  const std::string config = write_config(compact_site());
  const auto first = boot(config, 3);
  const auto second = boot(config, 3);
  const v1::Inventory before = last_inventory(first), after = last_inventory(second);
  ASSERT_NE(before.catalogue().epoch(), 0u);
  EXPECT_EQ(after.catalogue().epoch(), before.catalogue().epoch());
  EXPECT_NE(telemetry(first).front().origin().boot_id(), telemetry(second).front().origin().boot_id());
  TelemetryUnpacker consumer;
  consumer.add_inventory(after);
  std::size_t decoded = 0;
  for (v1::Telemetry t : telemetry(first)) {
    std::string why;
    ASSERT_TRUE(consumer.unpack(t, &why)) << why;
    decoded += t.readings_size() > 0;
  }
  EXPECT_GE(decoded, 3u);
}

TEST_F(CompactForm, ALateCheckerFindsTheCatalogueRetained) {
  Subscriber sub(broker_->uri(), "sitepower/v1/#");
  start_agent(write_config(compact_site()));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return count_suffix(m, "/telemetry") >= 2; }, 20s));
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri(), "--check", "--count", "5"},
                    dir_ + "/tail.log");
  EXPECT_EQ(tail.wait(30s), 0) << tail.output();
  EXPECT_NE(tail.output().find("0 missing"), std::string::npos) << tail.output();
  EXPECT_EQ(tail.output().find("not decoded"), std::string::npos) << tail.output();
}

}  // namespace
}  // namespace sitepower::test
