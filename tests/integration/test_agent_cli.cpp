// The agent's command line and signals, run as the real binary.
#include <signal.h>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

using AgentCli = AgentFixture;

TEST_F(AgentCli, CheckConfigPrintsTheTree) {
  EXPECT_EQ(run({"--config", write_config(kSiteYaml), "--check-config"}), 0);
  // Validation touches no state: a running agent's outbox is never locked by it.
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state/outbox.db"));
  EXPECT_NE(out_.find("is valid"), std::string::npos) << out_;
  EXPECT_NE(out_.find("4 devices"), std::string::npos) << out_;
  EXPECT_NE(out_.find("    row-b  <- row-b/total/power  [mining]"), std::string::npos) << out_;
}

TEST_F(AgentCli, BadConfigExitsNonZeroWithFileLineKey) {
  std::string yaml = kSiteYaml;
  yaml.replace(yaml.find("power_kw: 900"), 13, "power_kw: lots");
  const std::string path = write_config(yaml);
  EXPECT_EQ(run({"--config", path, "--check-config"}), 1);
  EXPECT_NE(out_.find("config error: " + path + ":11: devices[2].power_kw: expected a number from -1e+06 to 1e+06, got 'lots'"),
            std::string::npos)
      << out_;
  // The real run refuses too, before connecting anywhere.
  EXPECT_EQ(run({"--config", path, "--broker", broker_->uri()}), 1);
  EXPECT_EQ(out_.find("connecting"), std::string::npos) << out_;
}

TEST_F(AgentCli, OncePrintsTheSplit) {
  EXPECT_EQ(run({"--config", write_config(kSiteYaml), "--once"}), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state/outbox.db"));
  EXPECT_NE(out_.find("site power     2310.0 kW [good]"), std::string::npos) << out_;
  EXPECT_NE(out_.find("mining           1900.0"), std::string::npos) << out_;
  EXPECT_NE(out_.find("unmetered          10.0"), std::string::npos) << out_;
}

TEST_F(AgentCli, VersionHelpAndUnknownOption) {
  EXPECT_EQ(run({"--version"}), 0);
  EXPECT_EQ(out_.rfind("sitepower-agent ", 0), 0u);
  EXPECT_EQ(run({"--help"}), 0);
  EXPECT_NE(out_.find("--check-config"), std::string::npos);
  EXPECT_EQ(run({"--frobnicate"}), 2);
  EXPECT_NE(out_.find("unknown option --frobnicate"), std::string::npos);
}

// --describe prints the tables that parse the keys; it needs no config file.
TEST_F(AgentCli, DescribeListsSectionsAndDriversAndPrintsTheirKeys) {
  EXPECT_EQ(run({"--describe"}), 0);
  EXPECT_NE(out_.find("  mqtt.tls: "), std::string::npos) << out_;
  EXPECT_NE(out_.find("  modbus: "), std::string::npos) << out_;
  EXPECT_NE(out_.find("  sim: "), std::string::npos) << out_;
  EXPECT_EQ(run({"--describe", "modbus"}), 0);
  EXPECT_NE(out_.find("response_timeout_s"), std::string::npos) << out_;
  EXPECT_NE(out_.find("tcp, rtu-over-tcp, rtu"), std::string::npos) << out_;
  EXPECT_EQ(run({"--describe", "device", "--markdown"}), 0);
  EXPECT_NE(out_.find("| `timeout_s` | seconds | 0.8 × interval_s | 0.01 to 3600 |"), std::string::npos) << out_;
  EXPECT_EQ(run({"--describe", "nope"}), 2);
  EXPECT_NE(out_.find("--describe nope: no such section or driver"), std::string::npos) << out_;
}

TEST_F(AgentCli, SighupReloadsGoodConfigAndRejectsBadOne) {
  const std::string path = write_config(kSiteYaml);
  Subscriber sub(broker_->uri(), "sitepower/v1/itest/ctrl-t/telemetry");
  start_agent(path);
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return !m.empty(); }, 20s)) << agent_->output();

  // A broken file: rejected, the old config runs on.
  write_config("site: [broken\n", "site.yaml");
  agent_->signal(SIGHUP);
  ASSERT_TRUE(agent_->wait_for_output("reload rejected, the running config stays", 10s)) << agent_->output();
  EXPECT_TRUE(agent_->running());

  // A good new file with another contracted capacity: applied.
  std::string yaml = kSiteYaml;
  yaml.replace(yaml.find("contracted_capacity_kw: 5000"), 28, "contracted_capacity_kw: 7000");
  write_config(yaml, "site.yaml");
  const std::size_t before = sub.messages().size();
  agent_->signal(SIGHUP);
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    v1::Telemetry t;
    return t.ParseFromString(m.back().payload) && t.contracted_capacity_w() == 7000000;
  }, 10s)) << agent_->output();
  const auto msgs = telemetry(sub.messages());
  // Same boot, sequence carries on across the reload.
  for (std::size_t i = 1; i < msgs.size(); ++i) {
    EXPECT_EQ(msgs[i].origin().sequence(), msgs[i - 1].origin().sequence() + 1);
    EXPECT_EQ(msgs[i].origin().boot_id(), msgs[0].origin().boot_id());
  }
  EXPECT_GT(msgs.size(), before);
}

}  // namespace
}  // namespace sitepower::test
