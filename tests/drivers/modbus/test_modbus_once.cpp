// `sitepower-agent --once` against real libmodbus meters, with the default
// timeouts and retries: every reading is printed under the split, a dead site
// meter gives no headroom, and `--once --device` shows the raw requests.
#include <sstream>

#include "agent_fixture.h"
#include "peer_process.h"

namespace sitepower::test {
namespace {

// A site meter (SunSpec over Modbus TCP) above one simulated mining row.
std::string site_yaml(int meter_port) {
  return R"(site: {id: once, contracted_capacity_kw: 5000}
agent: {id: ctrl-o}
devices:
  - {id: meter, driver: modbus, profile: sunspec-meter, host: 127.0.0.1, port: )" +
         std::to_string(meter_port) + R"(}
  - {id: row-a, driver: sim, power_kw: 1000}
tree:
  id: site
  meter: meter
  children:
    - {id: row-a, meter: row-a, class: mining}
)";
}

// Whether some line of `text` holds exactly these whitespace-separated words.
bool has_row(const std::string& text, const std::vector<std::string>& words) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream in(line);
    std::vector<std::string> got;
    for (std::string w; in >> w;) got.push_back(w);
    if (got == words) return true;
  }
  return false;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

using AgentOnce = AgentFixture;

TEST_F(AgentOnce, PrintsEveryReadingUnderTheSplit) {
  ModbusPeerProcess meter(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", ""}}, dir_);
  ASSERT_EQ(run({"--config", write_config(site_yaml(meter.port())), "--once"}), 0) << out_;
  EXPECT_NE(out_.find("site power      -15.0 kW [good]"), std::string::npos) << out_;
  const auto readings = out_.find("\nreadings:\n");
  ASSERT_NE(readings, std::string::npos) << out_;
  const std::string list = out_.substr(readings);
  EXPECT_TRUE(has_row(list, {"device", "channel", "quantity", "value", "unit", "quality", "error"})) << list;
  EXPECT_TRUE(has_row(list, {"meter", "total", "power", "-15000.000", "W", "good"})) << list;
  EXPECT_TRUE(has_row(list, {"meter", "total", "energy_import", "9876540.000", "Wh", "good"})) << list;
  EXPECT_TRUE(has_row(list, {"meter", "L3", "current", "-", "A", "BAD", "not", "implemented", "by", "the", "device"}))
      << list;
  EXPECT_TRUE(has_row(list, {"row-a", "total", "power", "1000000.000", "W", "good"})) << list;
}

// The reported fault: the site's only meter is dead. Headroom must not read
// as the whole contract, free; it has no value and says why.
TEST_F(AgentOnce, DeadSiteMeterGivesNoHeadroom) {
  ModbusPeerProcess meter(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", "silent"}}, dir_);
  ASSERT_EQ(run({"--config", write_config(site_yaml(meter.port())), "--once"}), 0) << out_;
  EXPECT_NE(out_.find("site power        0.0 kW [MISSING]"), std::string::npos) << out_;
  EXPECT_NE(out_.find("headroom          -    [MISSING: site power is missing: "), std::string::npos) << out_;
  EXPECT_EQ(out_.find("headroom     5000.0"), std::string::npos) << out_;
  EXPECT_NE(out_.find("mining           1000.0"), std::string::npos) << out_;  // the live row still counts
}

TEST_F(AgentOnce, OneDeviceShowsItsRawRequestsAndReadingsOnly) {
  ModbusPeerProcess meter(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", ""}}, dir_);
  ASSERT_EQ(run({"--config", write_config(site_yaml(meter.port())), "--once", "--device", "meter"}), 0) << out_;
  EXPECT_NE(out_.find("device meter [modbus]: modbus tcp 127.0.0.1:" + std::to_string(meter.port()) + " unit 1"),
            std::string::npos)
      << out_;
  EXPECT_NE(out_.find("state: good, 0 failed polls"), std::string::npos) << out_;
  // The SunSpec scan, then the meter model's block: one line per request the peer saw.
  EXPECT_NE(out_.find("  unit 1 FC3 read holding 40000 x2 -> 4 bytes in "), std::string::npos) << out_;
  EXPECT_NE(out_.find("  unit 1 FC3 read holding 40122 x2 -> 4 bytes in "), std::string::npos) << out_;
  EXPECT_EQ(count(out_, "  unit 1 FC3 read holding "), meter.function_codes().size()) << out_;
  EXPECT_TRUE(has_row(out_, {"meter", "total", "power", "-15000.000", "W", "good"})) << out_;
  EXPECT_EQ(out_.find("row-a"), std::string::npos) << out_;   // the other device is not polled
  EXPECT_EQ(out_.find("site power"), std::string::npos) << out_;  // and no split is made
}

TEST_F(AgentOnce, OneDeadDeviceShowsTheRequestsNobodyAnswered) {
  ModbusPeerProcess meter(ModbusPeerProcess::Mode::Tcp, {{1, "sunspec-203.txt", "silent"}}, dir_);
  ASSERT_EQ(run({"--config", write_config(site_yaml(meter.port())), "--once", "--device", "meter"}), 0) << out_;
  // Default settings: two tries, each with the response timeout that fits both in the device's 800 ms.
  EXPECT_EQ(count(out_, "  unit 1 FC3 read holding 40000 x2 -> no answer within 335 ms\n"), 2u) << out_;
  EXPECT_NE(out_.find("state: missing ("), std::string::npos) << out_;
  EXPECT_NE(out_.find("1 failed polls"), std::string::npos) << out_;
  EXPECT_NE(out_.find("readings:\n  (none)\n"), std::string::npos) << out_;
}

TEST_F(AgentOnce, DeviceNeedsAKnownIdAndOnce) {
  const std::string config = write_config(site_yaml(free_port()));
  EXPECT_EQ(run({"--config", config, "--once", "--device", "nope"}), 2);
  EXPECT_NE(out_.find("--device nope: no such device in " + config), std::string::npos) << out_;
  EXPECT_EQ(run({"--config", config, "--device", "meter"}), 2);
  EXPECT_NE(out_.find("--device works only with --once"), std::string::npos) << out_;
}

}  // namespace
}  // namespace sitepower::test
