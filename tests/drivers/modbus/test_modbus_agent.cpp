// End to end: the real sitepower-agent reads three libmodbus meters (SunSpec
// over Modbus TCP, SDM630 over RTU on a pseudo-terminal, PM5100 over RTU
// through a TCP gateway) and every quantity of every shipped profile arrives
// in the decoded MQTT telemetry with the value the register image holds.
#include <signal.h>

#include <cmath>
#include <limits>

#include "agent_fixture.h"
#include "peer_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

struct Expected {
  std::string device, channel, quantity;
  double value;  // NaN: the reading must be BAD
};
constexpr double kBad = std::numeric_limits<double>::quiet_NaN();

// From tests/drivers/modbus/peer/images/*.txt, after the profile's scale factors and scales.
const std::vector<Expected> kExpected{
    {"sunspec", "total", "current", 12.34},      {"sunspec", "L1", "current", 4.11},
    {"sunspec", "L2", "current", 4.12},          {"sunspec", "L3", "current", kBad},  // 0x8000
    {"sunspec", "total", "voltage", 230.1},      {"sunspec", "L1", "voltage", 230.0},
    {"sunspec", "L2", "voltage", 230.2},         {"sunspec", "L3", "voltage", 229.9},
    {"sunspec", "total", "frequency", 50.01},    {"sunspec", "total", "power", -15000},
    {"sunspec", "L1", "power", -5000},           {"sunspec", "L2", "power", -5200},
    {"sunspec", "L3", "power", -4800},           {"sunspec", "total", "apparent_power", 16000},
    {"sunspec", "total", "reactive_power", -300}, {"sunspec", "total", "power_factor", -0.94},
    {"sunspec", "total", "energy_export", 1234560}, {"sunspec", "total", "energy_import", 9876540},
    {"sdm", "L1", "voltage", 230.5},             {"sdm", "L2", "voltage", 231.25},
    {"sdm", "L3", "voltage", 229.75},            {"sdm", "L1", "current", 10.5},
    {"sdm", "L2", "current", 11.25},             {"sdm", "L3", "current", 9.75},
    {"sdm", "L1", "power", 2400.5},              {"sdm", "L2", "power", -150.25},
    {"sdm", "L3", "power", kBad},                {"sdm", "total", "power", 2250.25},
    {"sdm", "total", "apparent_power", 7000},    {"sdm", "total", "reactive_power", -1200.5},
    {"sdm", "total", "power_factor", 0.9375},    {"sdm", "total", "frequency", 49.875},
    {"sdm", "total", "energy_import", 12345500}, {"sdm", "total", "energy_export", 321250},
    {"pm", "L1", "current", 100.5},              {"pm", "L2", "current", 101.25},
    {"pm", "L3", "current", 99.75},              {"pm", "L1", "voltage", 230.25},
    {"pm", "L2", "voltage", 231.5},              {"pm", "L3", "voltage", 229.5},
    {"pm", "L1", "power", 23250},                {"pm", "L2", "power", -1500},
    {"pm", "L3", "power", 22750},                {"pm", "total", "power", 44500},
    {"pm", "total", "power_factor", 0.875},      {"pm", "total", "frequency", 50.125},
    {"pm", "total", "energy_import", 123456789012}, {"pm", "total", "energy_export", 987654321},
};

const v1::DeviceReading* find(const v1::Telemetry& t, const Expected& e) {
  for (const auto& r : t.readings()) {
    if (r.device_id() == e.device && r.channel() == e.channel && r.quantity() == e.quantity) return &r;
  }
  return nullptr;
}

class ModbusAgentTest : public AgentFixture {};

TEST_F(ModbusAgentTest, EveryQuantityOfEveryShippedProfileReachesMqtt) {
  ModbusPeerProcess sunspec(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", ""}}, dir_);
  ModbusPeerProcess sdm(ModbusPeerProcess::Mode::RtuPty, {{1, "eastron-sdm630.txt", ""}}, dir_);
  ModbusPeerProcess pm(ModbusPeerProcess::Mode::RtuOverTcp, {{7, "schneider-pm5100.txt", ""}}, dir_);
  const std::string yaml = R"(site: {id: mtest, contracted_capacity_kw: 1000}
agent: {id: ctrl-m, publish_interval_s: 0.2, log_level: debug}
devices:
  - {id: sunspec, driver: modbus, profile: sunspec-meter, host: 127.0.0.1, port: )" +
                           std::to_string(sunspec.port()) + R"(, interval_s: 0.2}
  - {id: sdm, driver: modbus, profile: eastron-sdm630, transport: rtu, device: )" + sdm.pty() +
                           R"(, baud: 19200, parity: even, interval_s: 0.2}
  - {id: pm, driver: modbus, profile: schneider-pm5100, transport: rtu-over-tcp, host: 127.0.0.1, port: )" +
                           std::to_string(pm.port()) + R"(, unit: 7, interval_s: 0.2}
tree:
  id: site
  children:
    - {id: solar, meter: sunspec, class: facility}
    - {id: miners, meter: sdm, class: mining}
    - {id: chillers, meter: pm, class: cooling}
)";
  Subscriber sub(broker_->uri(), "sitepower/v1/mtest/ctrl-m/telemetry");
  start_agent(write_config(yaml));
  auto all_read = [](const std::vector<Received>& msgs) {
    for (const auto& t : telemetry(msgs)) {
      if (std::all_of(kExpected.begin(), kExpected.end(), [&](const Expected& e) { return find(t, e) != nullptr; })) {
        return true;
      }
    }
    return false;
  };
  ASSERT_TRUE(sub.wait_until(all_read, 20s)) << agent_->output();
  const auto msgs = telemetry(sub.messages());
  const v1::Telemetry& t = msgs.back();
  for (const Expected& e : kExpected) {
    const v1::DeviceReading* r = find(t, e);
    ASSERT_NE(r, nullptr) << e.device << "/" << e.channel << "/" << e.quantity;
    SCOPED_TRACE(r->DebugString());
    if (std::isnan(e.value)) {
      EXPECT_EQ(r->quality(), v1::QUALITY_BAD);
      EXPECT_FALSE(r->error().empty());
    } else {
      EXPECT_EQ(r->quality(), v1::QUALITY_GOOD);
      EXPECT_NEAR(r->value(), e.value, std::abs(e.value) * 1e-12);
    }
  }
  EXPECT_NE(agent_->output().find("SunSpec model 203 at register 40122, 1 requests per poll"), std::string::npos);
  for (const auto* peer : {&sunspec, &sdm, &pm}) {
    for (int fc : peer->function_codes()) EXPECT_TRUE(fc == 3 || fc == 4) << "function code " << fc;
  }
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A unit behind a gateway is dead for 4 s, then answers; its neighbour is
// fine throughout. Polled every 0.2 s and probed at least every second, the
// dead one fails some twenty polls and probes: the log says so once when it
// fails and once when it is back, and nothing per failed request.
TEST_F(ModbusAgentTest, ADeadUnitBehindAGatewayLogsOncePerChangeOfState) {
  ModbusPeerProcess gateway(ModbusPeerProcess::Mode::RtuOverTcp,
                            {{1, "eastron-sdm630.txt", "silent-until:4000"}, {2, "eastron-sdm630.txt", ""}}, dir_);
  const std::string line = "driver: modbus, profile: eastron-sdm630, transport: rtu-over-tcp, host: 127.0.0.1, port: " +
                           std::to_string(gateway.port()) + ", interval_s: 0.2, probe_interval_s: 1";
  const std::string yaml = R"(site: {id: mtest, contracted_capacity_kw: 1000}
agent: {id: ctrl-m, publish_interval_s: 0.2}
devices:
  - {id: dead, )" + line + R"(, unit: 1}
  - {id: live, )" + line + R"(, unit: 2}
tree:
  id: site
  children:
    - {id: a, meter: dead, class: mining}
    - {id: b, meter: live, class: mining}
)";
  start_agent(write_config(yaml));
  ASSERT_TRUE(agent_->wait_for_output("device dead (modbus) answering again", 30s)) << agent_->output();
  agent_->signal(SIGTERM);
  ASSERT_EQ(agent_->wait(20s), 0) << agent_->output();
  const std::string log = agent_->output();
  // Its error is the driver's (no answer within 47 ms, 2 tries) or, when its
  // retry waited behind the live unit's requests, the scheduler's timeout.
  EXPECT_EQ(count(log, "device dead (modbus) failed: "), 1u) << log;
  EXPECT_EQ(count(log, "; demoted, next probe in 0.4 s"), 1u) << log;
  EXPECT_EQ(count(log, "device dead (modbus) answering again after "), 1u) << log;
  EXPECT_EQ(count(log, "unit 1: input"), 0u) << log;  // no line per failed request or probe
  EXPECT_EQ(count(log, "device live"), 0u) << log;
  EXPECT_GE(gateway.count("request unit 1 "), 6u);  // it was asked (and failed) many times meanwhile
}

}  // namespace
}  // namespace sitepower::test
