// The disk outbox failing: a clear error, memory from then on, nothing dropped
// that could still be read.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fallback_outbox.h"
#include "process.h"

namespace sitepower {
namespace {

class FallbackOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-fallback"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  SqliteOutboxOptions options() { return {dir_ + "/outbox.db", 64 << 20, true}; }
  std::string dir_;
};

auto text(const std::string& s) {
  return [s](std::uint64_t) { return s; };
}

TEST_F(FallbackOutboxTest, UsesTheDiskWhileItWorks) {
  FallbackOutbox box(options(), 100);
  box.push("t", text("a"));
  EXPECT_STREQ(box.mode(), "disk");
  EXPECT_TRUE(box.disk_error().empty());
}

TEST_F(FallbackOutboxTest, CorruptFileStartsInMemoryAndSaysWhy) {
  std::ofstream(dir_ + "/outbox.db") << std::string(8192, 'G');
  FallbackOutbox box(options(), 100);
  EXPECT_STREQ(box.mode(), "memory");
  EXPECT_NE(box.disk_error().find("not a database"), std::string::npos) << box.disk_error();
  EXPECT_EQ(box.push("t", text("a")), 1u);
  EXPECT_EQ(box.next(10, 0).size(), 1u);
}

// A full disk, made real with RLIMIT_FSIZE in a child process (the limit and
// its SIGXFSZ must not touch the test runner): writes beyond it fail with EFBIG.
TEST_F(FallbackOutboxTest, DiskFullMovesEverythingToMemoryKeepingIds) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    FallbackOutbox box(options(), 100000);
    box.push("t", text("first"));
    const rlimit limit{200 * 1024, 200 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::uint64_t last = 0;
    for (int i = 0; i < 400 && std::string(box.mode()) == "disk"; ++i) last = box.push("t", text(std::string(2000, 'x')));
    const bool moved = std::string(box.mode()) == "memory" && !box.disk_error().empty();
    const auto all = box.next(100000, 0);
    const bool kept = !all.empty() && all.front().id == 1 && all.front().payload == "first" && all.back().id == last &&
                      all.size() == last;
    const bool goes_on = box.push("t", text("after")) == last + 1;
    ::_exit(moved ? (kept ? (goes_on ? 0 : 3) : 2) : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: never fell back, 2: messages lost in the move, 3: ids not continued";
}

}  // namespace
}  // namespace sitepower
