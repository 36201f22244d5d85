// status.json: written atomically from the agent's state, read back by --status.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "process.h"
#include "status_file.h"
#include "version.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class StatusFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-status");
    health_.started = now_ - 90061s;
    health_.drivers["modbus"] = DriverCounts{7, 1, 2};
    health_.queue_depth = 42;
    health_.outbox_mode = "disk";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  int print() {
    out_.str("");
    return print_status_file(dir_, 30s, out_);
  }

  // The agent's state at a status made `ago` before now.
  void write(bool online, std::chrono::seconds ago = 0s) { StatusFile(dir_).write(who_, online, health_, now_ - ago); }

  std::string dir_;
  const WallTime now_ = std::chrono::system_clock::now();
  AgentIdentity who_{"s1", "a1", "boot-1"};
  AgentHealth health_;
  std::ostringstream out_;
};

TEST_F(StatusFileTest, FreshOnlineStatusPrintsAndExitsZero) {
  write(true);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/status.json.tmp"));  // renamed into place
  EXPECT_EQ(print(), 0) << out_.str();
  const std::string text = out_.str();
  EXPECT_NE(text.find(std::string("sitepower-agent ") + kVersion + "  site s1  agent a1: ONLINE\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("boot       boot-1, up 1d 01h 01m 01s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("driver     modbus: 7 ok, 1 stale, 2 bad\n"), std::string::npos) << text;
  EXPECT_NE(text.find("queue      42 waiting, 0 dropped, outbox disk\n"), std::string::npos) << text;
  EXPECT_NE(text.find("published  never"), std::string::npos) << text;
}

TEST_F(StatusFileTest, AnOldFileIsStaleAndOfflineIsOffline) {
  write(true, 31s);
  EXPECT_EQ(print(), 1);
  EXPECT_NE(out_.str().find("a1: STALE"), std::string::npos) << out_.str();
  write(false);
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
  file.write(who_, true, health_, now_);  // logs once, does not throw
  file.write(who_, true, health_, now_);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/does-not-exist"));
}

}  // namespace
}  // namespace sitepower::test
