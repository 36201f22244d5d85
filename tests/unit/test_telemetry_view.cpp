// The table sitepower-tail and --once show: a headroom is shown only as far
// as its quality allows, and negative remainders set apart are named.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"
#include "telemetry_message.h"
#include "telemetry_view.h"

namespace sitepower {
namespace {

SplitResult site(Quality quality, double power_w, double headroom_w, const std::string& why) {
  SplitResult s;
  s.site_power_w = power_w;
  s.site_quality = quality;
  s.contracted_w = 5000000;
  s.headroom_w = headroom_w;
  s.headroom_quality = quality;
  s.headroom_error = why;
  NodePower root;
  root.id = "site";
  root.power_w = power_w;
  root.quality = quality;
  s.nodes = {root};
  return s;
}

TEST(TelemetryView, GoodHeadroomIsAValue) {
  const std::string table = render_table(telemetry_message(site(Quality::Good, 4000000, 1000000, ""), {}));
  EXPECT_NE(table.find("headroom     1000.0 kW (20.0%)\n"), std::string::npos) << table;
}

TEST(TelemetryView, TheDemandWindowShowsRunningAndProjectedDemandAgainstTheContract) {
  v1::Telemetry t = telemetry_message(site(Quality::Good, 4000000, 1000000, ""), {});
  DemandWindow w(std::chrono::minutes(15));
  // 2026-12-02 12:00 UTC; the agent starts at 12:03, the site steps from 4 to 4.6 MW at 12:06.
  const DemandWindow::Wall noon{std::chrono::seconds(1'796'212'800)};
  for (int s = 180; s <= 540; ++s) w.add(noon + std::chrono::seconds(s), s <= 360 ? 4e6 : 4.6e6, 0, Quality::Good);
  set_demand(*w.current(), t.mutable_demand());
  EXPECT_EQ(t.demand().quality(), v1::QUALITY_PARTIAL);  // 3 of 9 min not seen
  const std::string table = render_table(t);
  // Average over the 6 min seen; the 9 min elapsed at that average, 6 min
  // left at 4.6 MW; 3 of 9 min not seen.
  const double energy_ws = 4e6 * 180 + 4.3e6 * 1 + 4.6e6 * 179;
  const double projected = (energy_ws / 360 * 540 + 4.6e6 * 360) / 900;
  EXPECT_NE(table.find(fmt::format("demand 12:00-12:15Z  average {:10.1f} kW  projected {:10.1f} kW ({:.1f}% of "
                                   "contract)  [coverage 67%]\n",
                                   energy_ws / 360 / 1000, projected / 1000, 100 * projected / 5e6)),
            std::string::npos)
      << table;
  EXPECT_EQ(render_table(telemetry_message(site(Quality::Good, 4000000, 1000000, ""), {})).find("demand "),
            std::string::npos);  // no window yet, no line
}

TEST(TelemetryView, ADemandWindowWithoutDataShowsDashesNotZeros) {
  v1::Telemetry t = telemetry_message(site(Quality::Stale, 0, 0, "no site power"), {});
  DemandWindow w(std::chrono::minutes(15));
  const DemandWindow::Wall noon{std::chrono::seconds(1'796'212'800)};
  for (int s = 60; s <= 120; ++s) w.add(noon + std::chrono::seconds(s), 0, 0, Quality::Stale);
  set_demand(*w.current(), t.mutable_demand());
  EXPECT_EQ(t.demand().quality(), v1::QUALITY_MISSING);
  const std::string table = render_table(t);
  EXPECT_NE(table.find("demand 12:00-12:15Z  average          - kW  projected          - kW  [MISSING]\n"),
            std::string::npos)
      << table;
}

TEST(TelemetryView, PartialHeadroomIsAnUpperBound) {
  const std::string table = render_table(telemetry_message(
      site(Quality::Partial, 4000000, 1000000, "upper bound: site power is partial (inputs not good: rack-4 (stale))"),
      {}));
  EXPECT_NE(table.find("headroom <=     1000.0 kW (20.0%) [PARTIAL: upper bound: site power is partial (inputs not "
                       "good: rack-4 (stale))]"),
            std::string::npos)
      << table;
}

TEST(TelemetryView, HeadroomWithoutAGoodSiteHasNoValue) {
  for (Quality q : {Quality::Bad, Quality::Stale, Quality::Missing}) {
    const std::string table =
        render_table(telemetry_message(site(q, 0, 0, "site power is dead: no answer within 400 ms"), {}));
    EXPECT_NE(table.find("headroom          -    ["), std::string::npos) << table;
    EXPECT_NE(table.find(": site power is dead: no answer within 400 ms]"), std::string::npos) << table;
    EXPECT_EQ(table.find(" kW ("), std::string::npos) << table;  // no value, no share of the contract
  }
}

TEST(TelemetryView, NegativeRemaindersSetApartAreNamed) {
  SplitResult s = site(Quality::Good, 4000000, 1000000, "");
  s.classes["unmetered"] = ClassTotal{30000, 1, 0, 1};
  const std::string table = render_table(telemetry_message(s, {}));
  EXPECT_NE(table.find("PARTIAL  1/2  (1 negative, not added)"), std::string::npos) << table;
}

TEST(TelemetryView, EstimatedPowerIsSaidToBeEstimated) {
  SplitResult s = site(Quality::Estimated, 4000000, 1000000, "site power includes 380000 W estimated");
  s.site_estimated_w = 380000;
  ClassTotal mining;
  mining.power_w = 2410000;
  mining.counted = 3;
  mining.estimates = 1;
  mining.estimated_w = 380000;
  mining.rollups["curtailed_power"].unit = "W";
  mining.rollups["curtailed_power"].sum.add(210000, 0, Quality::Good, "row-a");
  mining.rollups["miners_mining"].sum.add(120, 0, Quality::Good, "row-a");
  s.classes["mining"] = mining;
  const std::string table = render_table(telemetry_message(s, {}));
  EXPECT_NE(table.find("site power     4000.0 kW [ESTIMATED]  (of which 380.0 kW estimated)"), std::string::npos)
      << table;
  EXPECT_NE(table.find("headroom     1000.0 kW (20.0%) [ESTIMATED: site power includes 380000 W estimated]"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("mining           2410.0   60.2%  ESTIMATED 3/3  (of which 380.0 kW estimated)"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("curtailed_power 210.0 kW, miners_mining 120\n"), std::string::npos) << table;
}

TEST(TelemetryView, MeterAgainstReportedShowsRatioFlagAndCurtailedPower) {
  SplitResult s = site(Quality::Good, 4000000, 1000000, "");
  NodePower row;
  row.id = "row-a";
  row.power_w = 650000;
  row.quality = Quality::Good;
  QualitySum reported;
  reported.add(500000, 0, Quality::Good, "row-a-miners");
  row.reconciliation = reconcile(650000, Quality::Good, "", reported, ReconcileBand{});
  row.rollups["curtailed_power"].sum.add(120000, 0, Quality::Good, "row-a-miners");
  s.nodes.push_back(row);
  const std::string table = render_table(telemetry_message(s, {}));
  EXPECT_NE(table.find("meter vs reported   meter kW   reported        GPU      non-GPU   difference   ratio  quality   "
                       "band          curtailed"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("row-a                 650.0      500.0          -            -        150.0   0.769  good      "
                       "OUT OF BAND       120.0   ratio 0.769 outside 0.8..1.05"),
            std::string::npos)
      << table;
}

// A GPU rack as the operator reads it: meter, chassis reported, GPU, non-GPU.
NodePower gpu_rack(const std::string& id, double reported_w, Quality reported_quality) {
  NodePower rack;
  rack.id = id;
  rack.power_w = 16300;
  rack.quality = Quality::Good;
  QualitySum reported;
  reported.add(reported_w, 0, reported_quality, "bmc");
  if (reported_quality == Quality::Partial) reported.add(0, 0, Quality::Stale, "bmc-2");
  rack.reconciliation = reconcile(rack.power_w, rack.quality, "", reported, ReconcileBand{});
  return rack;
}

void add_rollup(NodePower& n, const std::string& quantity, double w, Quality q) {
  n.rollups[quantity].unit = "W";
  n.rollups[quantity].sum.add(w, 0, q, "dcgm");
  if (q == Quality::Partial) n.rollups[quantity].sum.add(0, 0, Quality::Stale, "dcgm-2");
}

TEST(TelemetryView, GpuRacksShowGpuAndNonGpuPowerDerivedOnlyFromWholeFigures) {
  SplitResult s = site(Quality::Good, 4000000, 1000000, "");
  NodePower both = gpu_rack("rack-5", 15700, Quality::Good);  // one device gives both figures
  add_rollup(both, "gpu_power", 11200, Quality::Good);
  add_rollup(both, "non_gpu_power", 4500, Quality::Good);
  NodePower derived = gpu_rack("rack-6", 15000, Quality::Good);  // the BMC and DCGM apart
  add_rollup(derived, "gpu_power", 10000, Quality::Good);
  NodePower partial = gpu_rack("rack-7", 14000, Quality::Partial);
  add_rollup(partial, "gpu_power", 9000, Quality::Partial);
  NodePower no_gpus = gpu_rack("rack-8", 15000, Quality::Good);
  s.nodes.insert(s.nodes.end(), {both, derived, partial, no_gpus});
  const std::string table = render_table(telemetry_message(s, {}));
  EXPECT_NE(table.find("meter vs reported   meter kW   reported        GPU      non-GPU   difference   ratio"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("rack-5                 16.3       15.7       11.2          4.5          0.6   0.963"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("rack-6                 16.3       15.0       10.0          5.0 ~        1.3   0.920"),
            std::string::npos)
      << table;  // reported - GPU, marked
  EXPECT_NE(table.find("rack-7                 16.3       14.0        9.0 P          -          2.3   0.859  PARTIAL"),
            std::string::npos)
      << table;  // neither side whole: nothing derived
  EXPECT_NE(table.find("rack-8                 16.3       15.0          -            -          1.3   0.920"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("\nmarks: P some devices left out, ~ reported - GPU, derived here (not published)\n"),
            std::string::npos)
      << table;
}

TEST(TelemetryView, ReadingsListShowsNoValueForBadOrMissing) {
  const std::vector<StoredReading> readings{
      {"m1", Reading{"total", "power", 1500, "W", Quality::Good, ""}, {}, {}},
      {"m1", Reading{"total", "energy_export", 0, "Wh", Quality::Bad, "not implemented by the device"}, {}, {}},
      {"m2", Reading{"total", "power", 700, "W", Quality::Stale, "timeout after 800 ms"}, {}, {}}};
  const std::string list = render_readings(telemetry_message(SplitResult{}, readings));
  EXPECT_NE(list.find("      1500.000 W    good"), std::string::npos) << list;
  EXPECT_NE(list.find("             - Wh   BAD      not implemented by the device"), std::string::npos) << list;
  EXPECT_NE(list.find("       700.000 W    STALE    timeout after 800 ms"), std::string::npos) << list;
}

TEST(TelemetryView, StatusLineNamesDevicesThatAreNotGood) {
  v1::Status s;
  s.set_state(v1::Status::STATE_ONLINE);
  auto* dead = s.add_devices();
  dead->set_device_id("m11");
  dead->set_quality(v1::QUALITY_MISSING);
  dead->set_error("timeout after 800 ms");
  dead->set_failed_polls(240);
  auto* live = s.add_devices();
  live->set_device_id("m12");
  live->set_quality(v1::QUALITY_GOOD);
  const std::string line = render_status_line(s);
  EXPECT_NE(line.find(" m11 MISSING (timeout after 800 ms, 240 failed polls);"), std::string::npos) << line;
  EXPECT_EQ(line.find("m12"), std::string::npos) << line;
}

}  // namespace
}  // namespace sitepower
