// status.json: written atomically from the Status message, read back by --status.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process.h"
#include "status_file.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class StatusFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-status");
    status_.mutable_origin()->set_site_id("s1");
    status_.mutable_origin()->set_agent_id("a1");
    status_.mutable_origin()->set_agent_version("9.9.9");
    status_.mutable_origin()->set_boot_id("boot-1");
    status_.set_state(v1::Status::STATE_ONLINE);
    status_.set_time_unix_ms(now_ms());
    status_.set_uptime_s(90061);
    auto* d = status_.add_drivers();
    d->set_driver("modbus");
    d->set_devices_ok(7);
    d->set_devices_stale(1);
    d->set_devices_bad(2);
    status_.set_queue_depth(42);
    status_.set_outbox_mode("disk");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  int print() {
    out_.str("");
    return print_status_file(dir_, 30s, out_);
  }

  std::string dir_;
  v1::Status status_;
  std::ostringstream out_;
};

TEST_F(StatusFileTest, FreshOnlineStatusPrintsAndExitsZero) {
  StatusFile(dir_).write(status_);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/status.json.tmp"));  // renamed into place
  EXPECT_EQ(print(), 0) << out_.str();
  const std::string text = out_.str();
  EXPECT_NE(text.find("sitepower-agent 9.9.9  site s1  agent a1: ONLINE\n"), std::string::npos) << text;
  EXPECT_NE(text.find("boot       boot-1, up 1d 01h 01m 01s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("driver     modbus: 7 ok, 1 stale, 2 bad\n"), std::string::npos) << text;
  EXPECT_NE(text.find("queue      42 waiting, 0 dropped, outbox disk\n"), std::string::npos) << text;
  EXPECT_NE(text.find("published  never"), std::string::npos) << text;
}

TEST_F(StatusFileTest, AnOldFileIsStaleAndOfflineIsOffline) {
  status_.set_time_unix_ms(now_ms() - 31000);
  StatusFile(dir_).write(status_);
  EXPECT_EQ(print(), 1);
  EXPECT_NE(out_.str().find("a1: STALE"), std::string::npos) << out_.str();
  status_.set_time_unix_ms(now_ms());
  status_.set_state(v1::Status::STATE_OFFLINE);
  StatusFile(dir_).write(status_);
  EXPECT_EQ(print(), 1);
  EXPECT_NE(out_.str().find("a1: OFFLINE"), std::string::npos) << out_.str();
}

TEST_F(StatusFileTest, MissingOrGarbledFileExitsTwo) {
  EXPECT_EQ(print(), 2);
  std::ofstream(dir_ + "/status.json") << "{ half a fi";
  EXPECT_EQ(print(), 2);
  EXPECT_NE(out_.str().find("no agent status in " + dir_ + "/status.json"), std::string::npos) << out_.str();
}

TEST_F(StatusFileTest, AnUnwritableDirectoryIsNotFatal) {
  StatusFile file(dir_ + "/does-not-exist");
  file.write(status_);  // logs once, does not throw
  file.write(status_);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/does-not-exist"));
}

}  // namespace
}  // namespace sitepower::test
