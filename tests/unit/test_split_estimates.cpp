// The split with devices that report their own power: estimates carried up
// apart from measured power, meters reconciled against what devices report,
// and fleet values (rollups) summed per node and per class.
#include <gtest/gtest.h>

#include "split_fixture.h"

namespace sitepower {
namespace {

class SplitEstimatesTest : public LoadSplitTest {
 protected:
  void SetUp() override {
    LoadSplitTest::SetUp();
    store_.declare("miners-a", "test", 3s);
  }
  // Miners below leaf a's meter report `w` between them.
  void report_to_a(double reported_w, SteadyTime at, Quality q = Quality::Good) {
    cfg_.tree[2].reported = {MeterRef{"miners-a"}};
    PollResult r;
    r.readings.push_back(Reading{"total", "power", reported_w, "W", q, q == Quality::Good ? "" : "3 of 4 miners report power"});
    store_.update("miners-a", r, at, WallTime{});
  }
  void rollups(const std::string& device, double curtailed_w, double mining, SteadyTime at,
               Quality q = Quality::Good) {
    PollResult r;
    r.readings.push_back(Reading{"total", "curtailed_power", curtailed_w, "W", q, ""});
    r.readings.push_back(Reading{"total", "miners_mining", mining, "", Quality::Good, ""});
    r.readings.push_back(Reading{"total", "voltage", 230, "V", Quality::Good, ""});  // not a rollup
    r.readings[0].rollup = r.readings[1].rollup = true;
    store_.update(device, r, at, WallTime{});
  }
};

TEST_F(SplitEstimatesTest, AnEstimatedLeafCountsAndIsCarriedUpApart) {
  all_good(t0_);
  power("dev-a", 3000, t0_, Quality::Estimated);
  const SplitResult s = split(t0_ + 1s);
  EXPECT_EQ(s.nodes[2].quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(s.nodes[2].estimated_w, 3000);
  const ClassTotal& mining = s.classes.at("mining");
  EXPECT_DOUBLE_EQ(mining.power_w, 3000);
  EXPECT_DOUBLE_EQ(mining.estimated_w, 3000);
  EXPECT_EQ(mining.quality(), Quality::Estimated);
  EXPECT_EQ(s.classes.at("ai").quality(), Quality::Good);
  // The hall's meter minus an estimate is itself an estimate.
  EXPECT_DOUBLE_EQ(s.nodes[1].unmetered_w, 100);
  EXPECT_EQ(s.nodes[1].unmetered_quality, Quality::Estimated);
  EXPECT_EQ(s.classes.at("unmetered").quality(), Quality::Estimated);
  // The site's own meter is measured: its headroom is not an estimate.
  expect_headroom(s, Quality::Good, 3000, "");
}

TEST_F(SplitEstimatesTest, ASiteSummedOverAnEstimateHasEstimatedHeadroom) {
  cfg_.tree[0].meter.reset();
  all_good(t0_);
  power("chiller", 1500, t0_, Quality::Estimated);
  const SplitResult s = split(t0_ + 1s);
  EXPECT_DOUBLE_EQ(s.site_power_w, 5100 + 1500);
  EXPECT_EQ(s.site_quality, Quality::Estimated);
  EXPECT_DOUBLE_EQ(s.site_estimated_w, 1500);
  expect_headroom(s, Quality::Estimated, 10000 - 6600, "site power includes 1500 W estimated");
}

TEST_F(SplitEstimatesTest, APartialOrEstimatedValueGoesStaleLikeAGoodOne) {
  power("dev-a", 2000, t0_, Quality::Partial);
  power("dev-b", 1000, t0_, Quality::Estimated);
  const SplitResult s = split(t0_ + 4s);  // both devices quiet since, past their 3 s
  EXPECT_EQ(s.nodes[2].quality, Quality::Stale);
  EXPECT_EQ(s.nodes[3].quality, Quality::Stale);
}

TEST_F(SplitEstimatesTest, MeterIsReconciledAgainstWhatItsDevicesReport) {
  all_good(t0_);
  report_to_a(2700, t0_);
  const SplitResult s = split(t0_ + 1s);
  ASSERT_TRUE(s.nodes[2].reconciliation.has_value());
  const Reconciliation& r = *s.nodes[2].reconciliation;
  EXPECT_EQ(r.quality, Quality::Good);
  EXPECT_DOUBLE_EQ(r.measured_w, 3000);
  EXPECT_DOUBLE_EQ(r.reported.value, 2700);
  EXPECT_DOUBLE_EQ(r.difference_w, 300);
  EXPECT_DOUBLE_EQ(r.ratio, 0.9);
  EXPECT_FALSE(r.out_of_band);
  // The reported power is not counted into the split: the meter is.
  EXPECT_DOUBLE_EQ(s.classes.at("mining").power_w, 3000);
  EXPECT_FALSE(s.nodes[3].reconciliation.has_value());
}

TEST_F(SplitEstimatesTest, ARatioOutsideTheBandRaisesTheFlag) {
  all_good(t0_);
  report_to_a(2000, t0_);
  const Reconciliation r = *split(t0_ + 1s).nodes[2].reconciliation;
  EXPECT_TRUE(r.out_of_band);
  EXPECT_EQ(r.error, "ratio 0.667 outside 0.8..1.05");
  report_to_a(3300, t0_);
  EXPECT_TRUE(split(t0_ + 1s).nodes[2].reconciliation->out_of_band);  // devices claim more than the meter saw
}

TEST_F(SplitEstimatesTest, APartialReportIsShownNotJudged) {
  all_good(t0_);
  report_to_a(1500, t0_, Quality::Partial);  // a dead miner: its share is missing, not 0
  const Reconciliation r = *split(t0_ + 1s).nodes[2].reconciliation;
  EXPECT_EQ(r.quality, Quality::Partial);
  EXPECT_DOUBLE_EQ(r.ratio, 0.5);
  EXPECT_FALSE(r.out_of_band);
  EXPECT_EQ(r.error, "reported leaves out miners-a (partial)");
}

TEST_F(SplitEstimatesTest, NoMeterValueMeansNoReconciliation) {
  all_good(t0_);
  power("dev-a", 0, t0_, Quality::Bad);
  report_to_a(2700, t0_);
  const Reconciliation r = *split(t0_ + 1s).nodes[2].reconciliation;
  EXPECT_EQ(r.quality, Quality::Bad);
  EXPECT_EQ(r.error, "meter bad: garbage");
  EXPECT_FALSE(r.out_of_band);
  EXPECT_DOUBLE_EQ(r.difference_w, 0);
}

TEST_F(SplitEstimatesTest, ASmallMeterReadingIsNotJudged) {
  all_good(t0_);
  power("dev-a", 400, t0_);  // a curtailed row
  report_to_a(60, t0_);
  const Reconciliation r = *split(t0_ + 1s).nodes[2].reconciliation;
  EXPECT_EQ(r.quality, Quality::Good);
  EXPECT_FALSE(r.out_of_band);
  EXPECT_EQ(r.error, "meter below 1000 W: ratio not judged");
}

TEST_F(SplitEstimatesTest, RollupsAreSummedPerNodeAndPerClassEachDeviceOnce) {
  cfg_.tree[3].load_class = "mining";  // b joins a's class
  cfg_.tree[3].reported = {MeterRef{"miners-a"}};  // and names the same devices
  store_.declare("miners-b", "test", 3s);
  all_good(t0_);
  report_to_a(2700, t0_);
  cfg_.tree[2].reported.push_back(MeterRef{"miners-b"});
  rollups("miners-a", 1000, 40, t0_);
  rollups("miners-b", 500, 10, t0_);
  PollResult b_power;
  b_power.readings.push_back(Reading{"total", "power", 900, "W", Quality::Good, ""});
  store_.update("miners-b", b_power, t0_, WallTime{});
  const SplitResult s = split(t0_ + 1s);
  const Rollups& a = s.nodes[2].rollups;
  EXPECT_DOUBLE_EQ(a.at("curtailed_power").sum.value, 1500);
  EXPECT_EQ(a.at("curtailed_power").unit, "W");
  EXPECT_DOUBLE_EQ(a.at("miners_mining").sum.value, 50);
  EXPECT_FALSE(a.contains("voltage"));
  EXPECT_DOUBLE_EQ(s.nodes[3].rollups.at("miners_mining").sum.value, 40);
  const Rollups& mining = s.classes.at("mining").rollups;
  EXPECT_DOUBLE_EQ(mining.at("miners_mining").sum.value, 50) << "miners-a counted once for the class";
  EXPECT_EQ(mining.at("miners_mining").sum.counted, 2u);
  EXPECT_DOUBLE_EQ(s.nodes[2].reconciliation->reported.value, 2700 + 900);
}

TEST_F(SplitEstimatesTest, AStaleFleetIsLeftOutOfTheRollup) {
  store_.declare("miners-b", "test", 3s);
  cfg_.tree[2].reported = {MeterRef{"miners-a"}, MeterRef{"miners-b"}};
  all_good(t0_ + 5s);
  rollups("miners-a", 1000, 40, t0_);  // gone quiet
  rollups("miners-b", 500, 10, t0_ + 5s);
  const SplitResult s = split(t0_ + 5s);
  const Rollup& curtailed = s.classes.at("mining").rollups.at("curtailed_power");
  EXPECT_DOUBLE_EQ(curtailed.sum.value, 500);
  EXPECT_EQ(curtailed.sum.quality(), Quality::Partial);
  EXPECT_EQ(curtailed.sum.why, "miners-a (stale)");
}

// A GPU rack: its PDU meters it, the servers' BMC reports their chassis power
// (`reported`), their DCGM endpoint gives GPU power (`rollups`).
TEST_F(SplitEstimatesTest, RollupsKeyAddsADevicesFiguresNotItsPower) {
  store_.declare("bmc", "test", 3s);
  store_.declare("dcgm", "test", 3s);
  cfg_.tree[3].reported = {MeterRef{"bmc", "chassis"}};
  cfg_.tree[3].rollups = {"dcgm"};
  cfg_.tree[4].load_class = "ai";  // a second ai leaf naming the same DCGM: counted once for the class
  cfg_.tree[4].rollups = {"dcgm"};
  all_good(t0_);
  PollResult bmc;
  bmc.readings.push_back(Reading{"chassis", "power", 1800, "W", Quality::Good, ""});
  store_.update("bmc", bmc, t0_, WallTime{});
  PollResult dcgm;
  dcgm.readings.push_back(Reading{"server", "gpu_power", 1200, "W", Quality::Good, ""});
  dcgm.readings.back().rollup = true;
  dcgm.readings.push_back(Reading{"total", "power", 1250, "W", Quality::Good, ""});  // not a rollup
  store_.update("dcgm", dcgm, t0_, WallTime{});
  const SplitResult s = split(t0_ + 1s);
  const NodePower& rack = s.nodes[3];
  EXPECT_DOUBLE_EQ(rack.rollups.at("gpu_power").sum.value, 1200);
  EXPECT_EQ(rack.rollups.at("gpu_power").unit, "W");
  EXPECT_EQ(rack.rollups.size(), 1u);
  EXPECT_DOUBLE_EQ(rack.power_w, 2000);                         // its meter's
  EXPECT_DOUBLE_EQ(rack.reconciliation->reported.value, 1800);  // the BMC's alone
  EXPECT_DOUBLE_EQ(s.nodes[4].rollups.at("gpu_power").sum.value, 1200);
  const ClassTotal& ai = s.classes.at("ai");
  EXPECT_DOUBLE_EQ(ai.power_w, 2000 + 1500);
  EXPECT_DOUBLE_EQ(ai.rollups.at("gpu_power").sum.value, 1200);
  EXPECT_EQ(ai.rollups.at("gpu_power").sum.counted, 1u);
  EXPECT_DOUBLE_EQ(s.site_power_w, 7000);
  EXPECT_FALSE(s.classes.at("mining").rollups.contains("gpu_power"));
}

TEST(QualitySum, MergedNamesAreCutAsAddCutsThem) {
  QualitySum all;
  for (int i = 0; i < 12; ++i) {
    QualitySum one;
    one.add(0, 0, Quality::Stale, "row-" + std::to_string(i));
    all.merge(one);
  }
  EXPECT_EQ(all.left_out, 12u);
  EXPECT_EQ(all.why, "row-0 (stale), row-1 (stale), row-2 (stale), row-3 (stale), row-4 (stale), row-5 (stale), "
                     "row-6 (stale), row-7 (stale), ...");
}

}  // namespace
}  // namespace sitepower
