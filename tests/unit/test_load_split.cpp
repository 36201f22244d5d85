// The split arithmetic: classes, groups, unmetered remainder, headroom, and
// how stale, bad and missing values are excluded rather than counted as zero.
#include <gtest/gtest.h>

#include "split_fixture.h"

namespace sitepower {
namespace {

TEST_F(LoadSplitTest, AllGoodSplitsByClassWithRemainders) {
  all_good(t0_);
  const SplitResult s = split(t0_ + 1s);
  EXPECT_DOUBLE_EQ(s.site_power_w, 7000);
  EXPECT_EQ(s.site_quality, Quality::Good);
  EXPECT_DOUBLE_EQ(s.headroom_w, 3000);
  EXPECT_DOUBLE_EQ(s.classes.at("mining").power_w, 3000);
  EXPECT_DOUBLE_EQ(s.classes.at("ai").power_w, 2000);
  EXPECT_DOUBLE_EQ(s.classes.at("cooling").power_w, 1500);
  // site: 7000 - (5100 + 1500) = 400; hall: 5100 - 5000 = 100
  EXPECT_DOUBLE_EQ(s.nodes[0].unmetered_w, 400);
  EXPECT_DOUBLE_EQ(s.nodes[1].unmetered_w, 100);
  EXPECT_DOUBLE_EQ(s.classes.at("unmetered").power_w, 500);
  EXPECT_EQ(s.classes.at("unmetered").counted, 2u);
  // Classes add up to the site meter.
  double sum = 0;
  for (const auto& [_, c] : s.classes) sum += c.power_w;
  EXPECT_DOUBLE_EQ(sum, s.site_power_w);
}

TEST_F(LoadSplitTest, StaleLeafIsExcludedNotZero) {
  all_good(t0_);
  power("main", 7000, t0_ + 4s);
  power("feeder", 5100, t0_ + 4s);
  power("dev-b", 2000, t0_ + 4s);
  power("chiller", 1500, t0_ + 4s);
  // dev-a last read at t0; 4.5 s later it is past its 3 s limit.
  const SplitResult s = split(t0_ + 4500ms);
  EXPECT_EQ(s.nodes[2].quality, Quality::Stale);
  const ClassTotal& mining = s.classes.at("mining");
  EXPECT_EQ(mining.counted, 0u);
  EXPECT_EQ(mining.excluded, 1u);
  EXPECT_EQ(mining.quality(), Quality::Bad);
  EXPECT_DOUBLE_EQ(mining.power_w, 0);
  // The hall's remainder cannot be known, so it is not counted as unmetered.
  EXPECT_EQ(s.nodes[1].unmetered_quality, Quality::Partial);
  EXPECT_EQ(s.classes.at("unmetered").excluded, 1u);
  // The site remainder (7000 - 5100 - 1500) is still known.
  EXPECT_DOUBLE_EQ(s.classes.at("unmetered").power_w, 400);
}

TEST_F(LoadSplitTest, BadValueIsExcluded) {
  all_good(t0_);
  power("dev-b", 0, t0_, Quality::Bad);
  const SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[3].quality, Quality::Bad);
  EXPECT_EQ(s.classes.at("ai").excluded, 1u);
  EXPECT_EQ(s.classes.at("ai").quality(), Quality::Bad);
}

TEST_F(LoadSplitTest, MissingDeviceIsReportedMissing) {
  power("main", 7000, t0_);
  const SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[2].quality, Quality::Missing);
  EXPECT_EQ(s.nodes[2].error, "never read");
  EXPECT_EQ(s.classes.at("mining").quality(), Quality::Bad);
  EXPECT_EQ(s.site_quality, Quality::Good);
}

TEST_F(LoadSplitTest, NegativeRemainderBeyondToleranceIsFlaggedAndSetApart) {
  all_good(t0_);
  power("feeder", 4900, t0_);  // children 5000 > parent 4900: -100 < -50
  const SplitResult s = split(t0_);
  EXPECT_DOUBLE_EQ(s.nodes[1].unmetered_w, -100);
  EXPECT_TRUE(s.nodes[1].remainder_negative);
  // Reported on its node, not added into the class: unmetered is the site's
  // 7000 - (4900 + 1500) = 600 alone, and says one remainder was set apart.
  const ClassTotal& unmetered = s.classes.at("unmetered");
  EXPECT_DOUBLE_EQ(unmetered.power_w, 600);
  EXPECT_EQ(unmetered.counted, 1u);
  EXPECT_EQ(unmetered.negative, 1u);
  EXPECT_EQ(unmetered.excluded, 0u);
  EXPECT_EQ(unmetered.quality(), Quality::Partial);
}

TEST_F(LoadSplitTest, NegativeRemainderWithinToleranceIsNotFlagged) {
  all_good(t0_);
  power("feeder", 4970, t0_);
  const SplitResult s = split(t0_);
  EXPECT_DOUBLE_EQ(s.nodes[1].unmetered_w, -30);
  EXPECT_FALSE(s.nodes[1].remainder_negative);
  EXPECT_DOUBLE_EQ(s.classes.at("unmetered").power_w, 530 - 30);  // measurement noise is counted
  EXPECT_EQ(s.classes.at("unmetered").quality(), Quality::Good);
}

// Headroom comes from the site (root) value only, and is only as good as it.
TEST_F(LoadSplitTest, GoodRootGivesGoodHeadroom) {
  all_good(t0_);
  const SplitResult s = split(t0_);
  expect_headroom(s, Quality::Good, 3000, "");
}

TEST_F(LoadSplitTest, BadRootHasNoHeadroom) {
  all_good(t0_);
  power("main", 0, t0_, Quality::Bad);
  const SplitResult s = split(t0_);
  expect_headroom(s, Quality::Bad, 0, "site power is bad: garbage");
}

TEST_F(LoadSplitTest, StaleRootHasNoHeadroom) {
  all_good(t0_);
  store_.update("main", PollResult{{}, "timeout after 800 ms"}, t0_ + 2s, WallTime{});
  const SplitResult s = split(t0_ + 4s);
  EXPECT_EQ(s.site_quality, Quality::Stale);
  expect_headroom(s, Quality::Stale, 0, "site power is stale: timeout after 800 ms");
}

// The reported fault: the site's only meter is dead from the start. Headroom
// must not read as the whole contract, free.
TEST(LoadSplitHeadroom, DeadOnlyMeterGivesNoHeadroom) {
  SiteModel cfg;
  cfg.contracted_capacity_w = 6000000;
  cfg.tree = {TreeNode{"site", "site", MeterRef{"main"}, "facility", -1, {}}};
  ReadingStore store;
  store.declare("main", "test", 3s);
  const auto now = std::chrono::steady_clock::now();
  store.update("main", PollResult{{}, "no answer (2 tries)"}, now, WallTime{});
  const SplitResult s = LoadSplit(cfg).compute(store, now);
  EXPECT_EQ(s.site_quality, Quality::Missing);
  expect_headroom(s, Quality::Missing, 0, "site power is missing: no answer (2 tries)");
}

TEST_F(LoadSplitTest, FailedPollKeepsValueUntilStale) {
  all_good(t0_);
  store_.update("dev-a", PollResult{{}, "timeout after 800 ms"}, t0_ + 1s, WallTime{});
  EXPECT_EQ(split(t0_ + 2s).nodes[2].quality, Quality::Good);
  const SplitResult later = split(t0_ + 3500ms);
  EXPECT_EQ(later.nodes[2].quality, Quality::Stale);
  EXPECT_EQ(later.nodes[2].error, "timeout after 800 ms");
}

TEST(LoadSplitUnmeteredGroup, GroupWithoutMeterSumsChildren) {
  SiteModel cfg;
  cfg.contracted_capacity_w = 1000;
  TreeNode root{"site", "site", std::nullopt, "", -1, {1, 2}};
  TreeNode a{"a", "a", MeterRef{"da"}, "mining", 0, {}};
  TreeNode b{"b", "b", MeterRef{"db"}, "ai", 0, {}};
  cfg.tree = {root, a, b};
  ReadingStore store;
  const auto now = std::chrono::steady_clock::now();
  for (const char* d : {"da", "db"}) store.declare(d, "test", 3s);
  store.update("da", PollResult{{Reading{"total", "power", 300, "W", Quality::Good, ""}}, ""}, now, WallTime{});
  SplitResult s = LoadSplit(cfg).compute(store, now);
  EXPECT_EQ(s.site_quality, Quality::Partial);  // b missing
  EXPECT_DOUBLE_EQ(s.site_power_w, 300);
  EXPECT_FALSE(s.nodes[0].has_remainder);
  // A partial site value is a lower bound, so its headroom is an upper bound.
  expect_headroom(s, Quality::Partial, 700, "upper bound: site power is partial (inputs not good: b (missing))");
  store.update("db", PollResult{{Reading{"total", "power", 200, "W", Quality::Good, ""}}, ""}, now, WallTime{});
  s = LoadSplit(cfg).compute(store, now);
  EXPECT_EQ(s.site_quality, Quality::Good);
  EXPECT_DOUBLE_EQ(s.site_power_w, 500);
  expect_headroom(s, Quality::Good, 500, "");
  EXPECT_EQ(s.classes.count("unmetered"), 0u);
  // No child good: the sum is BAD and so is headroom, with no value.
  store.update("da", PollResult{{Reading{"total", "power", 0, "W", Quality::Bad, "NaN"}}, ""}, now, WallTime{});
  store.update("db", PollResult{{Reading{"total", "power", 0, "W", Quality::Bad, "NaN"}}, ""}, now, WallTime{});
  s = LoadSplit(cfg).compute(store, now);
  EXPECT_EQ(s.site_quality, Quality::Bad);
  expect_headroom(s, Quality::Bad, 0, "site power is bad: inputs not good: a (bad), b (bad)");
}

}  // namespace
}  // namespace sitepower
