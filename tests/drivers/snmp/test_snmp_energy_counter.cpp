// End to end: a PDU's energy counters through the real agent to the decoded
// MQTT telemetry. The PDU reboots (outlet 4's counter restarts near 0) and
// outlet 1's counter rolls over the top of its INTEGER (2^31 tenths of kWh):
// the messages flag RESET and WRAPPED, and no increase is ever negative.
#include <fstream>

#include "agent_fixture.h"
#include "snmpd_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

// rPDU2OutletMeteredStatusEnergy (tenths of kWh) of outlets 1 and 4 in peer/values/apc-rpdu2.txt.
const std::string kOutlet1 = "1.3.6.1.4.1.318.1.1.26.9.4.3.1.11.1 integer ";
const std::string kOutlet4 = "1.3.6.1.4.1.318.1.1.26.9.4.3.1.11.4 integer ";

// The APC values with outlet 1's and outlet 4's energy set to these raw values.
std::string apc_values(const std::string& outlet1, const std::string& outlet4) {
  std::string text = read_text(source_path("tests/drivers/snmp/peer/values/apc-rpdu2.txt"));
  text.replace(text.find(kOutlet1 + "1001"), kOutlet1.size() + 4, kOutlet1 + outlet1);
  text.replace(text.find(kOutlet4 + "1004"), kOutlet4.size() + 4, kOutlet4 + outlet4);
  return text;
}

// Each message's GOOD energy reading of one outlet, in arrival order.
std::vector<v1::DeviceReading> energy_series(const std::vector<v1::Telemetry>& msgs, const std::string& channel) {
  std::vector<v1::DeviceReading> out;
  for (const auto& t : msgs) {
    for (const auto& r : t.readings()) {
      if (r.channel() == channel && r.quantity() == "energy_import" && r.quality() == v1::QUALITY_GOOD) out.push_back(r);
    }
  }
  return out;
}

// How many messages carried `wh` for this outlet.
std::size_t shows(const std::vector<v1::Telemetry>& msgs, const std::string& channel, double wh) {
  std::size_t n = 0;
  for (const auto& r : energy_series(msgs, channel)) n += r.value() == wh;
  return n;
}

// The reading where `wh` first appears.
v1::DeviceReading first_with(const std::vector<v1::DeviceReading>& series, double wh) {
  for (const auto& r : series) {
    if (r.value() == wh) return r;
  }
  return {};
}

class SnmpEnergyCounterTest : public AgentFixture {};

TEST_F(SnmpEnergyCounterTest, ARebootIsFlaggedResetAndARolloverWrappedNeverANegativeJump) {
  const std::string values = dir_ + "/values.txt";
  write_file_atomically(values, apc_values("2147483600", "1004"));
  SnmpdProcess snmpd(dir_, values);
  std::ofstream(dir_ + "/community") << kCommunity << "\n";
  const std::string yaml = R"(site: {id: etest, contracted_capacity_kw: 100}
agent: {id: ctrl-e, publish_interval_s: 0.5}
devices:
  - {id: pdu, driver: snmp, profile: apc-rpdu2, community_file: community, host: 127.0.0.1, port: )" +
                           std::to_string(snmpd.port()) + R"(, interval_s: 1}
tree:
  id: site
  children:
    - {id: miner-01, meter: pdu/outlet1, class: mining}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/etest/ctrl-e/telemetry");
  start_agent(write_config(yaml));
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return shows(telemetry(m), "outlet4", 100400) >= 2; }, 30s))
      << agent_->output();

  write_file_atomically(values, apc_values("5", "3"));  // the PDU reboots; outlet 1 has gone over its top
  ASSERT_TRUE(sub.wait_until(
      [&](const auto& m) {  // the new values, then a message after them (continuing from them)
        const auto t = telemetry(m);
        return shows(t, "outlet4", 300) >= 2 && shows(t, "outlet1", 500) >= 2;
      },
      30s))
      << agent_->output();
  const auto msgs = telemetry(sub.messages());

  const auto reset = first_with(energy_series(msgs, "outlet4"), 300);
  SCOPED_TRACE(reset.DebugString());
  EXPECT_EQ(reset.counter_event(), v1::COUNTER_EVENT_RESET);
  EXPECT_EQ(reset.counter_increase(), 0);
  const auto wrapped = first_with(energy_series(msgs, "outlet1"), 500);
  SCOPED_TRACE(wrapped.DebugString());
  EXPECT_EQ(wrapped.counter_event(), v1::COUNTER_EVENT_WRAPPED);
  EXPECT_DOUBLE_EQ(wrapped.counter_increase(), (2147483648.0 - 2147483600 + 5) * 100);  // 48 + 5 tenths of kWh

  // Message to message, as a consumer reads them: a lower value is always
  // flagged, and every increase the consumer adds is the real one, >= 0.
  for (const std::string channel : {"outlet1", "outlet4"}) {
    const auto series = energy_series(msgs, channel);
    ASSERT_GE(series.size(), 2u);
    EXPECT_EQ(series.front().counter_event(), v1::COUNTER_EVENT_FIRST);
    for (std::size_t i = 1; i < series.size(); ++i) {
      const auto& r = series[i];
      SCOPED_TRACE(channel + " message " + std::to_string(i) + ": " + r.DebugString());
      EXPECT_GE(r.counter_increase(), 0);
      if (r.value() < series[i - 1].value()) {
        EXPECT_TRUE(r.counter_event() == v1::COUNTER_EVENT_RESET || r.counter_event() == v1::COUNTER_EVENT_WRAPPED);
      } else {
        EXPECT_EQ(r.counter_event(), v1::COUNTER_EVENT_CONTINUES);
        EXPECT_DOUBLE_EQ(r.counter_increase(), r.value() - series[i - 1].value());
      }
    }
  }
}

}  // namespace
}  // namespace sitepower::test
