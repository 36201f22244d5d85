// Issue 17's crashing inputs, run through the real binary in every mode that
// reads the config, and by SIGHUP on a running agent: each is a config error
// (exit 1, or 2 for --status) or a rejected reload, never a crash.
#include <signal.h>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class AgentBadInput : public AgentFixture {
 protected:
  // kSiteYaml with its first `from` replaced by `to`.
  static std::string edited(const std::string& from, const std::string& to) {
    std::string yaml = kSiteYaml;
    yaml.replace(yaml.find(from), from.size(), to);
    return yaml;
  }
  // A 30,000-character broker URI: overflowed the stack in std::regex (rc 139).
  static std::string huge_broker_uri() {
    return edited("devices:", "mqtt:\n  broker: tcp://" + std::string(30000, 'b') + ":1883\ndevices:");
  }
  // The main meter includes itself: passed --check-config, then overflowed the stack on the first poll.
  static std::string sim_meter_loop() { return edited("meters: [row-a, row-b, gpu]", "meters: [row-a, row-b, gpu, main]"); }

  // A file the config names behind a symlink loop: std::filesystem threw
  // (ELOOP, which root gets too, unlike a permission error).
  std::string password_file_in_a_loop() {
    std::filesystem::create_symlink(dir_ + "/loop", dir_ + "/loop2");
    std::filesystem::create_symlink(dir_ + "/loop2", dir_ + "/loop");
    return edited("devices:", "mqtt: {username: u, password_file: loop}\ndevices:");
  }

  // Each mode that loads the config refuses `path` with `error`, before connecting anywhere.
  void expect_refused_everywhere(const std::string& path, const std::string& error) {
    for (const std::vector<std::string>& mode : {std::vector<std::string>{"--check-config"}, {"--once"}, {}}) {
      std::vector<std::string> args{"--config", path, "--broker", broker_->uri()};
      args.insert(args.end(), mode.begin(), mode.end());
      EXPECT_EQ(run(args), 1) << (mode.empty() ? "start" : mode[0]) << ": " << out_;
      EXPECT_NE(out_.find("sitepower-agent: config error: " + error), std::string::npos) << out_;
      EXPECT_EQ(out_.find("connecting"), std::string::npos) << out_;
    }
    EXPECT_EQ(run({"--config", path, "--status"}), 2) << out_;
    EXPECT_NE(out_.find("sitepower-agent: config error: " + error), std::string::npos) << out_;
  }
};

TEST_F(AgentBadInput, ConfigPathThatIsADirectory) {
  std::filesystem::create_directory(dir_ + "/site.yaml");
  expect_refused_everywhere(dir_ + "/site.yaml", dir_ + "/site.yaml: cannot read the config file: it is a directory");
}

TEST_F(AgentBadInput, HugeBrokerUri) {
  const std::string path = write_config(huge_broker_uri());
  expect_refused_everywhere(path, path + ":9: mqtt.broker: expected a string of at most 4096 bytes");
}

TEST_F(AgentBadInput, SimDeviceThatMetersItself) {
  const std::string path = write_config(sim_meter_loop());
  expect_refused_everywhere(path, path + ":9: devices[0].meters: expected other devices than 'main' itself");
}

TEST_F(AgentBadInput, FileBehindASymlinkLoop) {
  const std::string path = write_config(password_file_in_a_loop());
  expect_refused_everywhere(path, path + ":8: mqtt.password_file: expected a readable file (" + dir_ +
                                      "/loop does not exist or cannot be read)");
}

TEST_F(AgentBadInput, BrokerOnTheCommandLineIsValidatedLikeTheConfig) {
  const std::string path = write_config(kSiteYaml);
  EXPECT_EQ(run({"--config", path, "--broker", "garbage", "--check-config"}), 2);
  EXPECT_NE(out_.find("sitepower-agent: --broker: expected a URI like tcp://host:1883 or ssl://host:8883, got 'garbage'"),
            std::string::npos)
      << out_;
  EXPECT_EQ(run({"--config", path, "--broker", "tcp://" + std::string(30000, 'b'), "--check-config"}), 2);
  EXPECT_NE(out_.find("--broker: expected a URI like"), std::string::npos) << out_;
  EXPECT_EQ(run({"--config", path, "--broker", broker_->uri(), "--check-config"}), 0) << out_;
}

// Each crashing input swapped in under a running agent: the reload is
// refused, the old config keeps publishing, and the agent never dies.
TEST_F(AgentBadInput, SighupWithEachCrashingInputKeepsTheRunningConfig) {
  const std::string path = write_config(kSiteYaml);
  Subscriber sub(broker_->uri(), "sitepower/v1/itest/ctrl-t/telemetry");
  start_agent(path);
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return !m.empty(); }, 20s)) << agent_->output();

  std::filesystem::remove(path);
  std::filesystem::create_directory(path);
  agent_->signal(SIGHUP);
  ASSERT_TRUE(agent_->wait_for_output(
      "reload rejected, the running config stays: " + path + ": cannot read the config file: it is a directory", 10s))
      << agent_->output();
  std::filesystem::remove(path);

  write_config(huge_broker_uri());
  agent_->signal(SIGHUP);
  ASSERT_TRUE(agent_->wait_for_output(
      "reload rejected, the running config stays: " + path + ":9: mqtt.broker: expected a string of at most", 10s))
      << agent_->output();

  write_config(sim_meter_loop());
  agent_->signal(SIGHUP);
  ASSERT_TRUE(agent_->wait_for_output("reload rejected, the running config stays: " + path +
                                          ":9: devices[0].meters: expected other devices than 'main' itself",
                                      10s))
      << agent_->output();

  write_config(password_file_in_a_loop());
  agent_->signal(SIGHUP);
  ASSERT_TRUE(agent_->wait_for_output("reload rejected, the running config stays: " + path +
                                          ":8: mqtt.password_file: expected a readable file",
                                      10s))
      << agent_->output();

  // Still alive and publishing the old site, with the main meter's true reading.
  const std::size_t before = sub.messages().size();
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return m.size() >= before + 3; }, 10s)) << agent_->output();
  EXPECT_TRUE(agent_->running());
  v1::Telemetry last;
  ASSERT_TRUE(last.ParseFromString(sub.messages().back().payload));
  EXPECT_DOUBLE_EQ(last.contracted_capacity_w(), 5000000);
  // The rejected sim config's loads were built and dropped: the running main
  // meter still sees its own rows (10 + 1000 + 900 + 400 kW).
  EXPECT_DOUBLE_EQ(last.site_power_w(), 2310000);
}

}  // namespace
}  // namespace sitepower::test
