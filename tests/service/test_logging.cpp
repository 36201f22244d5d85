// Journal vs console, the journal's structured fields, and device-state
// logging that writes once per state change rather than once per poll.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "device_state_log.h"
#include "logging.h"
#include "scoped_env.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

TEST(LogTarget, JournalOnlyWhenStderrIsTheJournalStream) {
  struct stat st {};
  ASSERT_EQ(::fstat(STDERR_FILENO, &st), 0);
  {
    ScopedEnv env("JOURNAL_STREAM", std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino));
    EXPECT_EQ(detect_log_target(), LogTarget::Journal);
  }
  {
    // Inherited by a child whose stderr went elsewhere: not ours.
    ScopedEnv env("JOURNAL_STREAM", std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1));
    EXPECT_EQ(detect_log_target(), LogTarget::Console);
  }
  ::unsetenv("JOURNAL_STREAM");
  EXPECT_EQ(detect_log_target(), LogTarget::Console);
}

TEST(JournalFields, NameSiteAndTheDeviceInScope) {
  set_log_site("site-7");
  const std::string device = "rack-4", driver = "redfish";
  std::vector<std::string> inside;
  {
    const DeviceLogScope scope(device, driver);
    inside = journal_fields(spdlog::level::warn, "device rack-4 failed");
  }
  EXPECT_EQ(inside, (std::vector<std::string>{"MESSAGE=device rack-4 failed", "PRIORITY=4",
                                              "SYSLOG_IDENTIFIER=sitepower-agent", "SITEPOWER_SITE=site-7",
                                              "SITEPOWER_DEVICE=rack-4", "SITEPOWER_DRIVER=redfish"}));
  EXPECT_EQ(journal_fields(spdlog::level::info, "reload done"),
            (std::vector<std::string>{"MESSAGE=reload done", "PRIORITY=6", "SYSLOG_IDENTIFIER=sitepower-agent",
                                      "SITEPOWER_SITE=site-7"}));
  set_log_site("");
}

class DeviceStateLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
    meter_.id = "meter-1";
    meter_.driver = "modbus";
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }
  // `n` polls 1 s apart; the health is what the scheduler would say (demoted
  // at once, probed every 30 s: the log only repeats what it is given).
  void polls(int n, const std::string& error) {
    for (int i = 0; i < n; ++i) {
      if (!error.empty()) {
        if (health_.failed_polls++ == 0) health_ = PollHealth{1, true, 30s, 0, t_};
        ++health_.readings_lost;
      } else {
        health_.failed_polls = 0;
        health_.demoted = false;
      }
      log_.record(meter_, PollResult{{}, error}, health_, t_);
      t_ += 1s;
    }
  }
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(out_.str());
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }

  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
  DeviceConfig meter_;
  DeviceStateLog log_;
  PollHealth health_;
  DeviceStateLog::Clock::time_point t_{};
};

TEST_F(DeviceStateLogTest, ADeadDeviceLogsOncePerStateChange) {
  polls(3, "");                                  // healthy: nothing at info
  polls(100, "timeout after 800 ms");            // dies: one warning, not a hundred
  polls(20, "connection refused");               // another error while dead: debug only
  polls(5, "");                                  // back: one info line with how long it was out
  polls(1, "exception 0x02 illegal address");    // fails again: a new warning
  EXPECT_EQ(lines(), (std::vector<std::string>{
                         "warning device meter-1 (modbus) failed: timeout after 800 ms; demoted, next probe in 30 s",
                         "info device meter-1 (modbus) answering again after 2 min, 120 readings lost",
                         "warning device meter-1 (modbus) failed: exception 0x02 illegal address; demoted, next "
                         "probe in 30 s"}));
}

TEST_F(DeviceStateLogTest, ADeviceDeadFromTheStartWarnsOnce) {
  polls(50, "no route to host");
  EXPECT_EQ(lines(), (std::vector<std::string>{
                         "warning device meter-1 (modbus) failed: no route to host; demoted, next probe in 30 s"}));
}

}  // namespace
}  // namespace sitepower::test
