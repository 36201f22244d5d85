// End to end: the real sitepower-agent reads two PDUs from Debian's snmpd (an
// APC over v2c feeding miners, a Raritan over SNMPv3 authPriv feeding GPU
// servers); outlet readings arrive in the decoded MQTT telemetry with the
// values the PDU serves, and the split puts each outlet in its class.
#include <filesystem>
#include <fstream>

#include "agent_fixture.h"
#include "snmpd_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

const v1::DeviceReading* find(const v1::Telemetry& t, const std::string& device, const std::string& channel,
                              const std::string& quantity) {
  for (const auto& r : t.readings()) {
    if (r.device_id() == device && r.channel() == channel && r.quantity() == quantity) return &r;
  }
  return nullptr;
}

const v1::ClassPower* find_class(const v1::Telemetry& t, const std::string& name) {
  for (const auto& c : t.classes()) {
    if (c.load_class() == name) return &c;
  }
  return nullptr;
}

class SnmpAgentTest : public AgentFixture {};

TEST_F(SnmpAgentTest, OneSiteSplitsOutletsOfTwoPdusIntoMiningAndAi) {
  const std::string values = dir_ + "/values.txt";
  std::ofstream(values) << read_text(source_path("tests/drivers/snmp/peer/values/apc-rpdu2.txt"))
                        << read_text(source_path("tests/drivers/snmp/peer/values/raritan-px.txt"));
  SnmpdProcess snmpd(dir_, values);
  std::ofstream(dir_ + "/community") << kCommunity << "\n";
  std::ofstream(dir_ + "/auth") << kAuthPassword << "\n";
  std::ofstream(dir_ + "/priv") << kPrivPassword << "\n";
  const std::string at = "host: 127.0.0.1, port: " + std::to_string(snmpd.port()) + ", interval_s: 1, timeout_s: 1";
  const std::string yaml = R"(site: {id: stest, contracted_capacity_kw: 100}
agent: {id: ctrl-s, publish_interval_s: 0.5}
devices:
  - {id: pdu-miners, driver: snmp, profile: apc-rpdu2, community_file: community, )" + at + R"(}
  - {id: pdu-gpu, driver: snmp, profile: raritan-px, version: "3", user: )" + kUserSha +
                           R"(, auth_password_file: auth, priv_password_file: priv, )" + at + R"(}
tree:
  id: site
  children:
    - {id: miner-01, meter: pdu-miners/outlet1, class: mining}
    - {id: miner-02, meter: pdu-miners/outlet2, class: mining}
    - {id: spare, meter: pdu-miners/outlet3, class: mining}
    - {id: gpu-a1, meter: pdu-gpu/outlet1, class: ai}
    - {id: gpu-a3, meter: pdu-gpu/outlet3, class: ai}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/stest/ctrl-s/telemetry");
  start_agent(write_config(yaml));
  auto both_read = [](const std::vector<Received>& msgs) {
    for (const auto& t : telemetry(msgs)) {
      const auto* m = find_class(t, "mining");
      const auto* a = find_class(t, "ai");
      if (m && a && m->quality() == v1::QUALITY_GOOD && a->quality() == v1::QUALITY_GOOD) return true;
    }
    return false;
  };
  ASSERT_TRUE(sub.wait_until(both_read, 30s)) << agent_->output();
  v1::Telemetry t;
  for (const auto& m : telemetry(sub.messages())) {
    const auto* a = find_class(m, "ai");
    if (a && a->quality() == v1::QUALITY_GOOD) t = m;
  }
  SCOPED_TRACE(t.DebugString());
  EXPECT_DOUBLE_EQ(find_class(t, "mining")->power_w(), 3250 + 3240 + 0);  // outlet 3 is off: 0 W, good
  EXPECT_DOUBLE_EQ(find_class(t, "ai")->power_w(), 1200 + 0);
  EXPECT_EQ(find_class(t, "mining")->leaves_counted(), 3u);
  const auto* energy = find(t, "pdu-miners", "outlet4", "energy_import");
  ASSERT_NE(energy, nullptr);
  EXPECT_DOUBLE_EQ(energy->value(), 100400);
  const auto* unavailable = find(t, "pdu-gpu", "outlet2", "power");
  ASSERT_NE(unavailable, nullptr);
  EXPECT_EQ(unavailable->quality(), v1::QUALITY_BAD);
  EXPECT_NE(unavailable->error().find("not available"), std::string::npos);
  const auto* inlet = find(t, "pdu-gpu", "total", "power");
  ASSERT_NE(inlet, nullptr);
  EXPECT_DOUBLE_EQ(inlet->value(), 3712);
  EXPECT_EQ(agent_->output().find(kPrivPassword), std::string::npos) << "a secret reached the log";
  EXPECT_EQ(agent_->output().find(kCommunity), std::string::npos) << "a secret reached the log";
}

}  // namespace
}  // namespace sitepower::test
