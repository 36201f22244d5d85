// The SQLite outbox on a real file: what survives a reopen, ids, the full policy.
#include <gtest/gtest.h>

#include <filesystem>
#include <cstdio>
#include <fstream>
#include <limits>

#include "process.h"
#include "sqlite_outbox.h"

namespace sitepower {
namespace {

class SqliteOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-outbox"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  SqliteOutboxOptions options(std::uint64_t max_bytes = 1 << 20) { return {dir_ + "/outbox.db", max_bytes, true}; }
  // Carries its own id, as telemetry does (Origin.outbox_id).
  static std::string payload(const Outbox& box, std::size_t size) {
    return std::to_string(box.next_id()) + std::string(size, 'x');
  }
  std::string dir_;
};

TEST_F(SqliteOutboxTest, MessagesSurviveReopenOldestFirstWithTheirIds) {
  {
    SqliteOutbox box(options());
    EXPECT_EQ(box.push("t/a", payload(box, 10)), 1u);
    EXPECT_EQ(box.push("t/b", payload(box, 10)), 2u);
    EXPECT_EQ(box.push("t/c", payload(box, 10)), 3u);
    box.ack(2);
  }
  SqliteOutbox box(options());
  EXPECT_EQ(box.depth(), 2u);
  const auto all = box.next(10, 0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, 1u);
  EXPECT_EQ(all[0].topic, "t/a");
  EXPECT_EQ(all[0].payload, "1" + std::string(10, 'x'));
  EXPECT_EQ(all[1].id, 3u);
  EXPECT_EQ(box.next(10, 1).front().id, 3u);
  EXPECT_EQ(box.next(1, 0).size(), 1u);
}

TEST_F(SqliteOutboxTest, AcknowledgedMessagesAreGoneEvenBeforeTheirBatchIsDeleted) {
  {
    SqliteOutbox box(options());
    for (int i = 0; i < 5; ++i) box.push("t", payload(box, 1));
    box.ack(1);
    box.ack(3);  // fewer than a batch: still in the file, but no longer in the outbox
    EXPECT_EQ(box.depth(), 3u);
    std::vector<std::uint64_t> ids;
    for (const auto& m : box.next(10, 0)) ids.push_back(m.id);
    EXPECT_EQ(ids, (std::vector<std::uint64_t>{2, 4, 5})) << "a new connection must not resend acknowledged ones";
    box.ack(5);
  }
  SqliteOutbox box(options());  // closing deleted the last batch
  EXPECT_EQ(box.depth(), 2u);
  EXPECT_EQ(box.next(10, 0).front().id, 2u);
}

TEST_F(SqliteOutboxTest, IdsKeepRisingAfterEverythingWasAcknowledged) {
  {
    SqliteOutbox box(options());
    box.push("t", payload(box, 1));
    box.push("t", payload(box, 1));
    box.ack(1);
    box.ack(2);
    EXPECT_EQ(box.depth(), 0u);
  }
  SqliteOutbox box(options());
  EXPECT_EQ(box.push("t", payload(box, 1)), 3u) << "an id must never be reused: consumers dedupe on it";
}

TEST_F(SqliteOutboxTest, FullDropsTheOldestAndCountsThem) {
  SqliteOutbox box(options(1000));  // room for nine 101-byte messages (topic "t" + 100)
  for (int i = 0; i < 25; ++i) box.push("t", std::string(100, 'p'));
  EXPECT_EQ(box.depth(), 9u);
  EXPECT_EQ(box.dropped(), 16u);
  EXPECT_LE(box.bytes(), 1000u);
  EXPECT_EQ(box.next(100, 0).front().id, 17u) << "the oldest go first";
}

// A day-long outage: the settlement and the alarm made early are what the
// site is billed and warned on; the telemetry around them goes first.
TEST_F(SqliteOutboxTest, FullDropsTheOldestTelemetryBeforeSettlementsAndAlarms) {
  SqliteOutbox box(options(1200));  // room for ten 112- to 113-byte messages
  box.push("s/a/settlement", std::string(100, 's'));
  box.push("s/a/alarm", std::string(103, 'a'));
  for (int i = 0; i < 40; ++i) box.push("s/a/telemetry", std::string(99, 't'));
  const auto held = box.next(100, 0);
  ASSERT_EQ(held.size(), 10u);
  EXPECT_EQ(held[0].topic, "s/a/settlement");
  EXPECT_EQ(held[1].topic, "s/a/alarm");
  EXPECT_EQ(held[2].id, 35u) << "the newest eight telemetry messages are kept";
  EXPECT_EQ(box.dropped(), 32u);
  // With no telemetry left to drop, the oldest of the rest goes.
  for (int i = 0; i < 12; ++i) box.push("s/a/alarm", std::string(103, 'a'));
  EXPECT_EQ(box.next(1, 0).front().topic, "s/a/alarm");
  EXPECT_LE(box.bytes(), 1200u);
}

TEST_F(SqliteOutboxTest, ASecondOpenOfTheSameFileIsRefused) {
  SqliteOutbox first(options());
  EXPECT_THROW(SqliteOutbox second(options()), OutboxError);
}

TEST_F(SqliteOutboxTest, ACorruptFileIsAClearError) {
  std::ofstream(dir_ + "/outbox.db") << std::string(8192, 'G');
  try {
    SqliteOutbox box(options());
    FAIL() << "a garbage file was accepted";
  } catch (const OutboxError& e) {
    EXPECT_NE(std::string(e.what()).find(dir_ + "/outbox.db"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a database"), std::string::npos) << e.what();
    EXPECT_TRUE(e.corrupt) << "a corrupt file is moved aside, unlike a locked or unwritable one";
  }
}

TEST_F(SqliteOutboxTest, AllMeansAllEvenWithAcksPending) {
  SqliteOutbox box(options());
  for (int i = 0; i < 5; ++i) box.push("t", payload(box, 1));
  box.ack(2);
  box.ack(3);  // pending: a SIZE_MAX limit plus these must not wrap around
  std::vector<std::uint64_t> ids;
  for (const auto& m : box.next(std::numeric_limits<std::size_t>::max(), 1)) ids.push_back(m.id);
  EXPECT_EQ(ids, (std::vector<std::uint64_t>{4, 5}));
}

// After a long outage drained, the file gives its pages back (figures in BENCHMARKS.md).
TEST_F(SqliteOutboxTest, TheFileShrinksAfterABacklogDrained) {
  const std::string path = dir_ + "/outbox.db";
  auto on_disk = [&] {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(path + suffix, ec);
      if (!ec) total += size;
    }
    return total;
  };
  SqliteOutbox box(options(64 << 20));
  for (int i = 0; i < 4000; ++i) box.push("t", payload(box, 2000));  // 8 MB held
  const auto full = on_disk();
  EXPECT_GT(full, 8u << 20);
  for (std::uint64_t id = 1; id <= 4000; ++id) box.ack(id);
  box.push("t", payload(box, 2000));  // flushes the last acks
  const auto drained = on_disk();
  EXPECT_LT(drained, 2u << 20) << "held " << full << " bytes";
  std::printf("outbox file (db + wal): %ju bytes holding 4,000 messages of 2 kB, %ju bytes once they were acknowledged\n",
              full, drained);
}

}  // namespace
}  // namespace sitepower
