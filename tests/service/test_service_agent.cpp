// The real sitepower-agent under a pretend systemd: a notify socket the test
// owns, $WATCHDOG_USEC, $STATE_DIRECTORY; and `--status` reading its status.json.
#include <signal.h>

#include <algorithm>

#include "agent_fixture.h"
#include "notify_socket.h"
#include "scoped_env.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

// The fixture's site plus `extra` devices (not in the tree).
std::string site_with(const std::string& agent_extra, const std::string& devices_extra) {
  std::string yaml = kSiteYaml;
  yaml.replace(yaml.find("  log_level: debug\n"), 18, "  log_level: info\n" + agent_extra);
  yaml.insert(yaml.find("tree:"), devices_extra);
  return yaml;
}

class ServiceAgent : public AgentFixture {
 protected:
  static std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  // After the fixture started Mosquitto: it speaks sd_notify too, and would
  // send its own READY=1 to our socket.
  void SetUp() override {
    AgentFixture::SetUp();
    notify_env_.emplace("NOTIFY_SOCKET", notify_.path());
    watchdog_env_.emplace("WATCHDOG_USEC", "400000");  // pings every 200 ms
  }

  NotifySocket notify_;
  std::optional<ScopedEnv> notify_env_, watchdog_env_;
};

TEST_F(ServiceAgent, NotifiesReadyReloadingStoppingAndPingsTheWatchdog) {
  ScopedEnv state("STATE_DIRECTORY", dir_);
  start_agent(write_config(kSiteYaml));
  std::vector<NotifySocket::Message> seen;
  ASSERT_TRUE(notify_.wait_for("READY=1", 30s, &seen)) << agent_->output();
  EXPECT_EQ(seen.back().text, "READY=1\nSTATUS=4 devices, broker " + broker_->uri());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(notify_.wait_for("WATCHDOG=1", 5s)) << agent_->output();

  agent_->signal(SIGHUP);
  ASSERT_TRUE(notify_.wait_for("RELOADING=1\nMONOTONIC_USEC=", 10s)) << agent_->output();
  ASSERT_TRUE(notify_.wait_for("READY=1", 10s)) << agent_->output();
  ASSERT_TRUE(notify_.wait_for("WATCHDOG=1", 5s)) << agent_->output();

  agent_->signal(SIGTERM);
  ASSERT_TRUE(notify_.wait_for("STOPPING=1", 10s)) << agent_->output();
  EXPECT_EQ(agent_->wait(20s), 0) << agent_->output();
  // $STATE_DIRECTORY was used for status.json.
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/status.json"));
}

TEST_F(ServiceAgent, WatchdogPingsStopWhileAPollBlocksTheLoopAndResumeAfter) {
  // A sim device whose poll blocks the event loop for 3 s, 3 s after start.
  start_agent(write_config(site_with("", "  - {id: stuck, driver: sim, power_kw: 1, interval_s: 0.1,\n"
                                         "     block_loop: {after_s: 3, for_s: 3}}\n")));
  ASSERT_TRUE(notify_.wait_for("READY=1", 30s)) << agent_->output();
  std::vector<NotifySocket::Clock::time_point> pings;
  std::chrono::milliseconds longest_gap{0};
  std::size_t pings_after_longest = 0;
  const auto end = NotifySocket::Clock::now() + 30s;
  while (NotifySocket::Clock::now() < end && !(longest_gap >= 2500ms && pings_after_longest >= 5)) {
    auto m = notify_.receive(5s);
    if (!m || m->text != "WATCHDOG=1") continue;
    if (!pings.empty()) {
      const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(m->at - pings.back());
      if (gap > longest_gap) {
        longest_gap = gap;
        pings_after_longest = 0;
      }
    }
    pings.push_back(m->at);
    ++pings_after_longest;
  }
  // Regular pings, then none for the ~3 s the loop was blocked, then regular again.
  EXPECT_GE(longest_gap, 2500ms) << pings.size() << " pings\n" << agent_->output();
  EXPECT_GE(pings_after_longest, 5u) << agent_->output();
  EXPECT_GE(pings.size() - pings_after_longest, 3u) << "pings before the block\n" << agent_->output();
  EXPECT_TRUE(agent_->running());
}

TEST_F(ServiceAgent, StatusCliShowsHealthWithoutABrokerAndADeadDeviceLogsOnce) {
  const std::string config =
      write_config(site_with("  state_dir: " + dir_ + "/state\n",
                             "  - {id: dead, driver: sim, power_kw: 5, quiet_after_s: 0, interval_s: 0.1, timeout_s: 0.05}\n"));
  std::filesystem::create_directories(dir_ + "/state");
  Subscriber sub(broker_->uri(), "sitepower/v1/itest/ctrl-t/telemetry");
  start_agent(config);
  // Status is written (then STATUS= sent) when the agent starts.
  ASSERT_TRUE(notify_.wait_for("STATUS=devices", 30s)) << agent_->output();
  EXPECT_EQ(run({"--config", config, "--status"}), 0) << out_;
  EXPECT_NE(out_.find("site itest  agent ctrl-t: ONLINE"), std::string::npos) << out_;

  // Ten telemetry cycles: the dead device has failed some twenty polls by now.
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 10; }, 30s)) << agent_->output();
  agent_->signal(SIGTERM);
  ASSERT_EQ(agent_->wait(20s), 0) << agent_->output();
  EXPECT_EQ(count(agent_->output(), "device dead (sim) failed"), 1u) << agent_->output();

  // The final status: offline, with the device counts and the last broker ack.
  EXPECT_EQ(run({"--config", config, "--status"}), 1) << out_;
  EXPECT_NE(out_.find("agent ctrl-t: OFFLINE"), std::string::npos) << out_;
  EXPECT_NE(out_.find("driver     sim: 4 ok, 0 stale, 1 bad"), std::string::npos) << out_;
  EXPECT_NE(out_.find("queue      0 waiting"), std::string::npos) << out_;
  EXPECT_EQ(out_.find("published  never"), std::string::npos) << out_;
}

TEST_F(ServiceAgent, StatusCliWithoutAStatusFileSaysSo) {
  const std::string config = write_config(site_with("  state_dir: " + dir_ + "/empty\n", ""));
  EXPECT_EQ(run({"--config", config, "--status"}), 2) << out_;
  EXPECT_NE(out_.find("no agent status in " + dir_ + "/empty/status.json"), std::string::npos) << out_;
}

}  // namespace
}  // namespace sitepower::test
