// sitepower-tail decodes what the agent publishes, as JSON lines and as a table.
#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class TailTest : public AgentFixture {
 protected:
  std::string tail(std::vector<std::string> args) {
    args.insert(args.begin(), {binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri()});
    ChildProcess p(args, dir_ + "/tail.log");
    EXPECT_TRUE(p.wait_for_output("subscribed to", 10s)) << p.output();
    start_agent(write_config(kSiteYaml));
    EXPECT_EQ(p.wait(30s), 0) << p.output();
    return p.output();
  }
};

TEST_F(TailTest, JsonLinesCarryDecodedTelemetry) {
  const std::string out = tail({"--json", "--count", "3"});
  std::size_t telemetry_lines = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"topic\":\"sitepower/v1/itest/ctrl-t/telemetry\"") == std::string::npos) continue;
    ++telemetry_lines;
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
    EXPECT_NE(line.find("\"site_id\":\"itest\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"load_class\":\"mining\""), std::string::npos) << line;
  }
  EXPECT_EQ(telemetry_lines, 3u) << out;
  // Once every device has answered, the site meter reads 2310 kW.
  EXPECT_NE(out.find("\"site_power_w\":2310000"), std::string::npos) << out;
}

TEST_F(TailTest, TableShowsTheSplit) {
  const std::string out = tail({"--count", "4"});
  EXPECT_NE(out.find("site itest  agent ctrl-t"), std::string::npos) << out;
  EXPECT_NE(out.find("mining           1900.0"), std::string::npos) << out;
  EXPECT_NE(out.find("\n  row-a      "), std::string::npos) << out;  // indented under site
}

}  // namespace
}  // namespace sitepower::test
