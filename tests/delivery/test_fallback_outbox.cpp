// The disk outbox failing: a clear error, memory from then on, nothing dropped
// that could still be read, a bound in bytes, and ids that only go up.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

#include "fallback_outbox.h"
#include "process.h"

namespace sitepower {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();

class FallbackOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-fallback"); }
  void TearDown() override { fs::remove_all(dir_); }
  SqliteOutboxOptions options() { return {dir_ + "/outbox.db", 64 << 20, true}; }
  std::string dir_;
};

// Runs `body` in a child process (so that a file-size limit, its SIGXFSZ, an
// alarm or an _exit never touch the test runner) and returns its exit code;
// 100 + signal if it was killed (SIGALRM: it hung).
int in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

// Writes beyond the current size of the WAL fail from now on with EFBIG, as
// on a full disk. The WAL is the only file a push or an ack batch writes.
void disk_full_now(const std::string& db) {
  ::signal(SIGXFSZ, SIG_IGN);
  const auto size = static_cast<rlim_t>(fs::file_size(db + "-wal"));
  const rlimit limit{size, size};
  ::setrlimit(RLIMIT_FSIZE, &limit);
}

std::vector<std::uint64_t> ids_of(const std::vector<OutboxMessage>& ms) {
  std::vector<std::uint64_t> ids;
  for (const auto& m : ms) ids.push_back(m.id);
  return ids;
}

TEST_F(FallbackOutboxTest, UsesTheDiskWhileItWorks) {
  FallbackOutbox box(options(), 1 << 20);
  box.push("t", "a");
  EXPECT_STREQ(box.mode(), "disk");
  EXPECT_TRUE(box.disk_error().empty());
}

// The disk fills while acks are pending (fewer than a batch: still in the
// file, and the batch delete is what fails). Every unacknowledged message
// must reach memory with its id; no acknowledged one may come back.
TEST_F(FallbackOutboxTest, DiskFullWithAcksPendingMovesEveryUnacknowledgedMessageToMemory) {
  const int rc = in_child([&] {
    FallbackOutbox box(options(), 64 << 20);
    for (int i = 0; i < 40; ++i) box.push("t", std::string(2000, 'x'));
    for (std::uint64_t id = 1; id <= 10; ++id) box.ack(id);
    disk_full_now(options().path);
    const std::uint64_t reserved = box.next_id();  // the agent encodes it into the payload
    const std::uint64_t failed_push = box.push("t", "while full");
    if (std::string(box.mode()) != "memory" || box.disk_error().empty()) return 1;
    if (failed_push != reserved) return 4;
    std::vector<std::uint64_t> expected;
    for (std::uint64_t id = 11; id <= 41; ++id) expected.push_back(id);
    if (failed_push != 41 || ids_of(box.next(kAll, 0)) != expected) return 2;
    if (box.depth() != 31 || box.push("t", "after") != 42) return 3;
    return 0;
  });
  EXPECT_EQ(rc, 0) << "1: never fell back, 2: messages lost or acked ones back in the move, 3: ids not continued, "
                      "4: the message got another id than next_id() promised";
}

// What memory adopts from disk counts against outbox.memory_max_mb too.
TEST_F(FallbackOutboxTest, MemoryBoundAppliesToWhatIsAdoptedFromDisk) {
  const int rc = in_child([&] {
    FallbackOutbox box(options(), 10 * 2001);  // ten messages of topic "t" + 2000 bytes
    for (int i = 0; i < 30; ++i) box.push("t", std::string(2000, 'x'));
    disk_full_now(options().path);
    box.push("t", std::string(2000, 'y'));
    if (std::string(box.mode()) != "memory") return 1;
    const auto held = box.next(kAll, 0);
    if (held.size() != 10 || held.front().id != 22 || held.back().id != 31) return 2;
    if (box.dropped() != 21 || box.max_bytes() != 10 * 2001) return 3;
    return 0;
  });
  EXPECT_EQ(rc, 0) << "1: never fell back, 2: not the newest ten kept, 3: drops not counted";
}

TEST_F(FallbackOutboxTest, MemoryOutboxDropsTheOldestBeyondItsBytesAndCountsThem) {
  MemoryOutbox box(1000);
  for (int i = 0; i < 25; ++i) box.push("t", std::string(99, 'p'));  // 100 bytes each
  EXPECT_EQ(box.depth(), 10u);
  EXPECT_EQ(box.bytes(), 1000u);
  EXPECT_EQ(box.dropped(), 15u);
  EXPECT_EQ(box.next(kAll, 0).front().id, 16u);
  box.ack(16);
  EXPECT_EQ(box.bytes(), 900u);
  box.adopt({40, "t", std::string(199, 'a')});  // 200 bytes: one more of the oldest goes
  EXPECT_EQ(box.dropped(), 16u);
  EXPECT_EQ(box.next(1, 0).front().id, 18u);
}

TEST_F(FallbackOutboxTest, MemoryOutboxDropsTelemetryBeforeSettlementsAndAlarms) {
  MemoryOutbox box(1200);
  box.push("s/a/settlement", std::string(100, 's'));
  box.push("s/a/alarm", std::string(103, 'a'));
  for (int i = 0; i < 40; ++i) box.push("s/a/telemetry", std::string(99, 't'));
  const auto held = box.next(kAll, 0);
  ASSERT_EQ(held.size(), 10u);
  EXPECT_EQ(held[0].topic, "s/a/settlement");
  EXPECT_EQ(held[1].topic, "s/a/alarm");
  EXPECT_EQ(held[2].id, 35u);
  EXPECT_EQ(box.dropped(), 32u);
}

// A failed SELECT (here: pages of the file overwritten under the open outbox)
// while the full policy looks for the oldest rows. It must end in memory
// mode at once, not spin: the child gets 20 s before SIGALRM.
TEST_F(FallbackOutboxTest, AFailedReadOfTheOldestEndsInMemoryInsteadOfSpinning) {
  const int rc = in_child([&] {
    ::alarm(20);
    SqliteOutboxOptions o = options();
    o.max_bytes = 1500 * 2001 + 1000;  // the next push after 1,500 must drop one
    FallbackOutbox box(o, 64 << 20);
    for (int i = 0; i < 1500; ++i) box.push("t", std::string(2000, 'x'));
    {
      // Checkpoints have moved the oldest rows into the database file, and
      // the page cache (2 MB) no longer holds them: zero them there.
      const auto size = fs::file_size(o.path);
      std::fstream db(o.path, std::ios::in | std::ios::out | std::ios::binary);
      db.seekp(4096);  // keep page 1, the header
      const std::string zeros(size / 3, '\0');
      db.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    box.push("t", std::string(2000, 'y'));
    if (std::string(box.mode()) != "memory") return 1;
    if (box.disk_error().find("malformed") == std::string::npos) return 2;
    return box.push("t", "after") == 1502 ? 0 : 3;
  });
  EXPECT_EQ(rc, 0) << "1: stayed on disk, 2: not the read error, 3: ids not continued, " << 100 + SIGALRM
                   << ": spun on the failed read";
}

TEST_F(FallbackOutboxTest, IdsGoOnAboveWhatMemoryUsedAfterARestart) {
  {
    FallbackOutbox box(options(), 1 << 20);
    for (int i = 0; i < 3; ++i) box.push("t", "disk");
  }
  {
    SqliteOutbox other_agent(options());  // holds the file: the next outbox runs in memory
    FallbackOutbox box(options(), 1 << 20);
    ASSERT_STREQ(box.mode(), "memory");
    EXPECT_EQ(box.push("t", "memory"), 4u);
    EXPECT_EQ(box.push("t", "memory"), 5u);
  }
  FallbackOutbox box(options(), 1 << 20);
  ASSERT_STREQ(box.mode(), "disk");
  EXPECT_EQ(box.push("t", "disk again"), 6u) << "ids 4 and 5 were used in memory: consumers dedupe on them";
}

TEST_F(FallbackOutboxTest, CorruptFileIsMovedAsideAndTheNewOneStartsAboveEveryIdUsed) {
  const int rc = in_child([&]() -> int {
    FallbackOutbox box(options(), 1 << 20);
    for (int i = 0; i < 1500; ++i) box.push("t", "m");
    ::_exit(0);  // no destructor, as after a SIGKILL: the id record was last written at 1,000
  });
  ASSERT_EQ(rc, 0);
  fs::remove(dir_ + "/outbox.db-wal");
  std::ofstream(dir_ + "/outbox.db", std::ios::trunc) << std::string(8192, 'G');

  FallbackOutbox box(options(), 1 << 20);
  EXPECT_STREQ(box.mode(), "disk");
  EXPECT_GT(box.push("t", "a"), 1500u);
  std::vector<fs::path> aside;
  for (const auto& f : fs::directory_iterator(dir_)) {
    if (f.path().filename().string().starts_with("outbox.db.corrupt-")) aside.push_back(f.path());
  }
  ASSERT_EQ(aside.size(), 1u) << "the corrupt file is kept for inspection";
  EXPECT_EQ(fs::file_size(aside[0]), 8192u);
}

}  // namespace
}  // namespace sitepower
