#include <gtest/gtest.h>

#include "stream_check.h"

namespace sitepower {
namespace {

v1::Origin origin(const std::string& boot, std::uint64_t seq) {
  v1::Origin o;
  o.set_agent_id("ctrl-t");
  o.set_boot_id(boot);
  o.set_sequence(seq);
  return o;
}

v1::Status status(const std::string& boot, v1::Status::State state, std::uint64_t last_telemetry_sequence) {
  v1::Status s;
  s.mutable_origin()->set_agent_id("ctrl-t");
  s.mutable_origin()->set_boot_id(boot);
  s.set_state(state);
  s.set_last_telemetry_sequence(last_telemetry_sequence);
  return s;
}

void add_range(StreamCheck& c, std::uint64_t from, std::uint64_t to) {
  for (std::uint64_t s = from; s <= to; ++s) c.add(origin("b1", s));
}

TEST(StreamCheck, ContiguousStreamHasNoGapsOrDuplicates) {
  StreamCheck c;
  for (std::uint64_t s = 1; s <= 5; ++s) EXPECT_TRUE(c.add(origin("b1", s)));
  EXPECT_EQ(c.missing(), 0u);
  EXPECT_EQ(c.duplicates(), 0u);
  EXPECT_NE(c.report().find("5 received, 5 unique, sequences 1..5"), std::string::npos) << c.report();
}

TEST(StreamCheck, ReplayDuplicatesAreDroppedAndCounted) {
  StreamCheck c;
  for (std::uint64_t s : {1, 2, 3, 2, 3, 4}) c.add(origin("b1", s));
  EXPECT_FALSE(c.add(origin("b1", 4)));
  EXPECT_EQ(c.duplicates(), 3u);
  EXPECT_EQ(c.missing(), 0u);
}

TEST(StreamCheck, GapsArePerBootAndListed) {
  StreamCheck c;
  for (std::uint64_t s : {1, 2, 5, 6, 9}) c.add(origin("b1", s));
  for (std::uint64_t s : {1, 2, 3}) c.add(origin("b2", s));  // a new boot restarts at 1: not a gap
  EXPECT_EQ(c.missing(), 4u);
  EXPECT_NE(c.report().find("gap: 3..4 (2 missing)"), std::string::npos) << c.report();
  EXPECT_NE(c.report().find("gap: 7..8 (2 missing)"), std::string::npos) << c.report();
  EXPECT_NE(c.report().find("total: 2 streams, 4 missing, 0 duplicates"), std::string::npos) << c.report();
}

TEST(StreamCheck, AStreamFirstSeenLaterJoinedThereAndIsNotCalledWhole) {
  StreamCheck c;
  add_range(c, 17, 20);
  EXPECT_EQ(c.missing(), 0u);  // not a loss: the check may have started late
  const std::string r = c.report();
  EXPECT_NE(r.find("sequences 17..20, 0 duplicates, joined at 17, none missing since;"), std::string::npos) << r;
  EXPECT_NE(r.find("1 joined late"), std::string::npos) << r;
}

TEST(StreamCheck, SinceStartAMissingFirstMessageIsAGap) {
  StreamCheck c(true);
  add_range(c, 2, 5);
  EXPECT_EQ(c.missing(), 1u);
  EXPECT_NE(c.report().find("  missing head: 1..1 (1 missing)\n"), std::string::npos) << c.report();
  EXPECT_EQ(c.report().find("joined"), std::string::npos) << c.report();
}

TEST(StreamCheck, TheFinalStatusRevealsAMissingLastMessage) {
  StreamCheck c;
  add_range(c, 1, 59);
  c.add_status(status("b1", v1::Status::STATE_OFFLINE, 60));
  EXPECT_EQ(c.missing(), 1u);
  EXPECT_NE(c.report().find("1 missing; ended at 60\n  missing tail: 60..60 (1 missing)\n"), std::string::npos)
      << c.report();
}

TEST(StreamCheck, AWholeBootEndsAtItsAnnouncedSequence) {
  StreamCheck c(true);
  c.add_status(status("b1", v1::Status::STATE_ONLINE, 3));  // an ONLINE status never ends a boot
  add_range(c, 1, 60);
  c.add_status(status("b1", v1::Status::STATE_OFFLINE, 60));
  EXPECT_EQ(c.missing(), 0u);
  EXPECT_NE(c.report().find("sequences 1..60, 0 duplicates, 0 missing; ended at 60\n"), std::string::npos)
      << c.report();
}

TEST(StreamCheck, TheRetainedFinalStatusMayComeBeforeTheBacklog) {
  StreamCheck c;
  c.add_status(status("b1", v1::Status::STATE_OFFLINE, 8));
  add_range(c, 1, 6);
  EXPECT_EQ(c.missing(), 2u);
  EXPECT_NE(c.report().find("  missing tail: 7..8 (2 missing)\n"), std::string::npos) << c.report();
}

TEST(StreamCheck, ABootWithoutAKnownEndIsReportedAsSuch) {
  StreamCheck c;
  add_range(c, 1, 5);
  c.add_status(status("b1", v1::Status::STATE_OFFLINE, 0));  // SIGKILL: the will, from an agent that names no end
  for (std::uint64_t s = 1; s <= 7; ++s) c.add(origin("b2", s));
  c.add_status(status("b2", v1::Status::STATE_OFFLINE, 3));  // a will made at an earlier connect
  EXPECT_EQ(c.missing(), 0u);
  const std::string r = c.report();
  EXPECT_NE(r.find("boot b1: 5 received, 5 unique, sequences 1..5, 0 duplicates, 0 missing; ended unknown; last seen 5\n"),
            std::string::npos) << r;
  EXPECT_NE(r.find("boot b2: 7 received, 7 unique, sequences 1..7, 0 duplicates, 0 missing; ended unknown; last seen 7\n"),
            std::string::npos) << r;
}

TEST(StreamCheck, ALastWillNeverNamesTheEnd) {
  StreamCheck c;
  add_range(c, 1, 5);
  v1::Status will = status("b1", v1::Status::STATE_OFFLINE, 5);  // made at connect, when 5 was the last sequence
  will.set_last_will(true);
  c.add_status(will);
  const std::string r = c.report();
  EXPECT_NE(r.find("ended unknown; last seen 5\n"), std::string::npos) << r;
}

TEST(StreamCheck, AWillSentDuringABrokerRestartIsUndoneWhenTheAgentComesBack) {
  StreamCheck c;
  EXPECT_TRUE(c.add_status(status("b1", v1::Status::STATE_ONLINE, 0)));  // a new boot
  add_range(c, 1, 5);
  EXPECT_FALSE(c.add_status(status("b1", v1::Status::STATE_ONLINE, 4)));
  EXPECT_TRUE(c.add_status(status("b1", v1::Status::STATE_OFFLINE, 9)));
  EXPECT_TRUE(c.add_status(status("b1", v1::Status::STATE_ONLINE, 9)));
  EXPECT_EQ(c.missing(), 0u);
  EXPECT_NE(c.report().find("0 missing; no final status; last seen 5\n"), std::string::npos) << c.report();
}

TEST(StreamCheck, AStatusAloneIsNoStream) {
  StreamCheck c(true);
  c.add_status(status("old", v1::Status::STATE_OFFLINE, 40));  // retained from a boot that ended before
  EXPECT_EQ(c.missing(), 0u);
  EXPECT_EQ(c.report(), "total: 0 streams, 0 missing, 0 duplicates\n");
}

}  // namespace
}  // namespace sitepower
