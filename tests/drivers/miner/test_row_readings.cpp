// The row's readings: a dead miner is never 0 W, an estimate is never power.
#include <gtest/gtest.h>

#include "row_readings.h"

namespace sitepower::miner {
namespace {

const Reading* find(const std::vector<Reading>& rs, const std::string& channel, const std::string& quantity) {
  for (const Reading& r : rs) {
    if (r.channel == channel && r.quantity == quantity) return &r;
  }
  return nullptr;
}

MinerSettings three_miners() {
  MinerSettings s;
  s.hosts = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
  return s;
}

TEST(RowReadings, TotalIsPartialWhenAMinerIsDeadAndItsPowerIsBad) {
  const MinerSettings s = three_miners();
  std::vector<MinerReport> m(3);
  m[0] = {MinerState::Mining, {{"power", 3250}, {"hashrate_5s", 100}}, ""};
  m[1] = {MinerState::Idle, {{"power", 20}, {"hashrate_5s", 0}}, ""};
  m[2] = {MinerState::Unreachable, {}, "connect: Connection refused"};
  const auto rs = row_readings(s, m);
  const Reading* total = find(rs, "total", "power");
  ASSERT_NE(total, nullptr);
  EXPECT_DOUBLE_EQ(total->value, 3270);
  EXPECT_EQ(total->quality, Quality::Partial);
  EXPECT_EQ(total->error, "2 of 3 miners report power");
  const Reading* dead = find(rs, "miner-10.0.0.3", "power");
  ASSERT_NE(dead, nullptr);
  EXPECT_EQ(dead->quality, Quality::Bad);
  EXPECT_EQ(dead->error, "unreachable: connect: Connection refused");
  EXPECT_EQ(find(rs, "total", "miners_mining")->value, 1);
  EXPECT_EQ(find(rs, "total", "miners_idle")->value, 1);
  EXPECT_EQ(find(rs, "total", "miners_unreachable")->value, 1);
  EXPECT_EQ(find(rs, "miner-10.0.0.3", "state")->value, 0);
  EXPECT_EQ(total->estimated, 0);  // no estimate configured
  EXPECT_FALSE(total->rollup) << "the row's power is a meter for the tree, not a fleet sum";
  EXPECT_TRUE(find(rs, "total", "miners_mining")->rollup);
}

TEST(RowReadings, AnEstimateIsPowerMarkedEstimatedNeverMeasured) {
  MinerSettings s = three_miners();
  s.efficiency_j_per_th = 30;
  std::vector<MinerReport> m(3);
  m[0] = {MinerState::Mining, {{"hashrate_5s", 100}}, ""};                   // stock Antminer: no power
  m[1] = {MinerState::Mining, {{"power", 3300}, {"hashrate_5s", 110}}, ""};  // measured wins
  m[2] = {MinerState::Failed, {}, "STATUS E"};
  const auto rs = row_readings(s, m);
  const Reading* estimate = find(rs, "miner-10.0.0.1", "power");
  ASSERT_NE(estimate, nullptr);
  EXPECT_DOUBLE_EQ(estimate->value, 3000);
  EXPECT_EQ(estimate->quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(estimate->estimated, 3000);
  EXPECT_EQ(estimate->error, "estimated: 30 J/TH x hashrate");
  EXPECT_EQ(find(rs, "miner-10.0.0.2", "power")->quality, Quality::Good);
  EXPECT_DOUBLE_EQ(find(rs, "miner-10.0.0.2", "power")->estimated, 0);
  const Reading* total = find(rs, "total", "power");
  EXPECT_DOUBLE_EQ(total->value, 6300);
  EXPECT_DOUBLE_EQ(total->estimated, 3000);
  EXPECT_EQ(total->quality, Quality::Partial);  // the failed miner has no power, measured or estimated
  EXPECT_EQ(total->error, "2 of 3 miners report power, 1 estimated");
}

TEST(RowReadings, ARowOfEstimatesIsEstimatedNotGood) {
  MinerSettings s;
  s.hosts = {"10.0.0.1", "10.0.0.2"};
  s.nameplate_w = 3250;
  const std::vector<MinerReport> m(2, {MinerState::Mining, {{"hashrate_5s", 100}}, ""});
  const auto rs = row_readings(s, m);
  const Reading* total = find(rs, "total", "power");
  EXPECT_EQ(total->quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(total->value, 6500);
  EXPECT_DOUBLE_EQ(total->estimated, 6500);
  EXPECT_EQ(total->error, "2 of 2 miners estimated");
}

TEST(RowReadings, CurtailedPowerIsFullMinusNowWithSwitchedOffMinersMarkedEstimated) {
  const MinerSettings s = three_miners();
  std::vector<MinerReport> m(3);
  m[0] = {MinerState::Mining, {{"power", 3200}, {"power_limit", 3500}, {"hashrate_5s", 100}}, "", 3500};
  m[1] = {MinerState::Idle, {{"power", 20}, {"power_limit", 3500}, {"hashrate_5s", 0}}, "", 3500};
  m[2] = {MinerState::Unreachable, {}, "connect: Connection refused", 3400};  // its limit from an earlier poll
  const auto rs = row_readings(s, m);
  const Reading* full = find(rs, "total", "power_full");
  EXPECT_DOUBLE_EQ(full->value, 10400);
  // The unreachable miner's limit is from before: not what it says now.
  EXPECT_EQ(full->quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(full->estimated, 3400);
  EXPECT_TRUE(full->rollup);
  const Reading* curtailed = find(rs, "total", "curtailed_power");
  EXPECT_DOUBLE_EQ(curtailed->value, 300 + 3480 + 3400);
  // The unreachable miner is assumed off: an assumption, so estimated.
  EXPECT_EQ(curtailed->quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(curtailed->estimated, 3400);
  EXPECT_TRUE(curtailed->rollup);
}

TEST(RowReadings, CurtailedPowerLeavesOutMinersWhoseDrawOrFullPowerIsUnknown) {
  MinerSettings s = three_miners();
  std::vector<MinerReport> m(3);
  m[0] = {MinerState::Mining, {{"power", 3200}, {"hashrate_5s", 100}}, ""};  // no limit, no nameplate
  m[1] = {MinerState::Failed, {}, "STATUS E", 3500};                         // draw unknown
  m[2] = {MinerState::Mining, {{"power", 3000}, {"power_limit", 3500}, {"hashrate_5s", 90}}, "", 3500};
  const auto rs = row_readings(s, m);
  const Reading* curtailed = find(rs, "total", "curtailed_power");
  EXPECT_DOUBLE_EQ(curtailed->value, 500);
  EXPECT_EQ(curtailed->quality, Quality::Partial);
  EXPECT_EQ(curtailed->error, "1 of 3 miners report curtailed_power");
  s.nameplate_w = 3250;  // nameplate stands in for the missing limit, as an estimate
  const auto with_nameplate = row_readings(s, m);
  const Reading* full = find(with_nameplate, "total", "power_full");
  EXPECT_DOUBLE_EQ(full->value, 3250 + 3500 + 3500);
  EXPECT_DOUBLE_EQ(full->estimated, 3250 + 3500);  // nameplate, and the failed miner's limit from before
  EXPECT_EQ(full->quality, Quality::Estimated);
}

TEST(RowReadings, NameplateOnlyForMiningMiners) {
  MinerSettings s = three_miners();
  s.nameplate_w = 3250;
  EXPECT_EQ(estimated_power(s, {MinerState::Mining, {{"hashrate_5s", 95}}, ""}), 3250);
  EXPECT_EQ(estimated_power(s, {MinerState::Idle, {{"hashrate_5s", 0}}, ""}), std::nullopt);
  EXPECT_EQ(estimated_power(s, {MinerState::Unreachable, {}, "x"}), std::nullopt);
}

}  // namespace
}  // namespace sitepower::miner
