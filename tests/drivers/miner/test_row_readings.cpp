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
  EXPECT_EQ(find(rs, "total", "power_estimated"), nullptr);  // no estimate configured
}

TEST(RowReadings, EstimatesGoToTheirOwnQuantity) {
  MinerSettings s = three_miners();
  s.efficiency_j_per_th = 30;
  std::vector<MinerReport> m(3);
  m[0] = {MinerState::Mining, {{"hashrate_5s", 100}}, ""};                   // stock Antminer: no power
  m[1] = {MinerState::Mining, {{"power", 3300}, {"hashrate_5s", 110}}, ""};  // measured wins
  m[2] = {MinerState::Failed, {}, "STATUS E"};
  const auto rs = row_readings(s, m);
  EXPECT_EQ(find(rs, "miner-10.0.0.1", "power"), nullptr);
  EXPECT_DOUBLE_EQ(find(rs, "miner-10.0.0.1", "power_estimated")->value, 3000);
  EXPECT_EQ(find(rs, "miner-10.0.0.2", "power_estimated"), nullptr);
  EXPECT_DOUBLE_EQ(find(rs, "total", "power")->value, 3300);
  EXPECT_EQ(find(rs, "total", "power")->quality, Quality::Partial);
  const Reading* est = find(rs, "total", "power_estimated");
  EXPECT_DOUBLE_EQ(est->value, 3000);
  EXPECT_EQ(est->quality, Quality::Partial);  // the failed miner has no estimate either
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
