// Settlements and alarms on the wire (encoder.h, settlement_message.h,
// alarm_message.h) and as sitepower-tail shows them (alarm_view.h).
#include <gtest/gtest.h>

#include "alarm_view.h"
#include "encoder.h"
#include "sitepower/v1/alarm.pb.h"
#include "sitepower/v1/settlement.pb.h"

namespace sitepower {
namespace {

const WallTime noon = WallTime(std::chrono::seconds(1'796'212'800));  // 2026-12-02 12:00:00Z

Settlement sample_settlement() {
  Settlement s;
  s.start_unix_ms = 1'796'212'800'000;
  s.end_unix_ms = 1'796'213'700'000;
  s.contracted_w = 3e6;
  s.site.id = "site";
  s.site.figures.energy = EnergyTally{600'000, 1'000, 810, 90, 1, 0, 0};
  s.site.figures.demand_w = 2.4e6;
  SeriesEnergy counter;
  counter.id = "row-a";
  counter.from_counter = true;
  counter.figures.energy = EnergyTally{50'000, 0, 900, 0, 0, 2, 1};
  counter.figures.demand_w = 200e3;
  s.nodes.push_back(counter);
  SeriesEnergy mining;
  mining.id = "mining";
  mining.figures.energy.wh = 90'000;
  mining.figures.energy.known_s = 900;
  s.classes.push_back(mining);
  s.peak = BillingPeak{1'796'083'200'000, 2.5e6, 1'796'200'000'000, 1.0};
  s.period_start_unix_ms = 1'796'083'200'000;  // 2026-12-01 00:00: 36.25 h before the window's end
  s.site.period = PeriodTotal{50e6, 1e3, 36.25 * 3600 * 0.5, 2.5e6, 1'796'200'000'000};
  return s;
}

TEST(SettlementMessage, CarriesEveryFigureWithUnknownTimeAsTheRestOfTheWindow) {
  Encoder enc("s1", "a1", "b");
  v1::Settlement m;
  ASSERT_TRUE(m.ParseFromString(enc.settlement(sample_settlement(), std::chrono::minutes(15), noon, 42)));
  EXPECT_EQ(m.origin().sequence(), 1u);
  EXPECT_EQ(m.origin().outbox_id(), 42u);
  EXPECT_EQ(m.window_s(), 900u);
  EXPECT_EQ(m.start_unix_ms(), 1'796'212'800'000);
  EXPECT_EQ(m.site().source(), v1::ENERGY_SOURCE_INTEGRATED);
  EXPECT_DOUBLE_EQ(m.site().energy_wh(), 600'000);
  EXPECT_DOUBLE_EQ(m.site().estimated_wh(), 1'000);
  EXPECT_DOUBLE_EQ(m.site().demand_w(), 2.4e6);
  EXPECT_DOUBLE_EQ(m.site().known_s(), 810);
  EXPECT_DOUBLE_EQ(m.site().unknown_s(), 90);
  EXPECT_DOUBLE_EQ(m.site().coverage(), 0.9);
  EXPECT_EQ(m.site().gaps(), 1u);
  EXPECT_EQ(m.site().quality(), v1::QUALITY_PARTIAL);  // 90 s unknown: a lower bound
  ASSERT_EQ(m.nodes_size(), 1);
  EXPECT_EQ(m.nodes(0).source(), v1::ENERGY_SOURCE_COUNTER);
  EXPECT_EQ(m.nodes(0).counter_resets(), 2u);
  EXPECT_EQ(m.nodes(0).counter_wraps(), 1u);
  EXPECT_EQ(m.nodes(0).quality(), v1::QUALITY_GOOD);
  ASSERT_EQ(m.classes_size(), 1);
  EXPECT_EQ(m.classes(0).id(), "mining");
  EXPECT_EQ(m.classes(0).quality(), v1::QUALITY_GOOD);
  EXPECT_DOUBLE_EQ(m.peak().peak_w(), 2.5e6);
  EXPECT_DOUBLE_EQ(m.peak().peak_ratio(), 2.5 / 3);
  EXPECT_DOUBLE_EQ(m.peak().contracted_w(), 3e6);
  EXPECT_EQ(m.period_start_unix_ms(), 1'796'083'200'000);
  EXPECT_DOUBLE_EQ(m.site().period_energy_wh(), 50e6);
  EXPECT_DOUBLE_EQ(m.site().period_estimated_wh(), 1e3);
  EXPECT_DOUBLE_EQ(m.site().period_coverage(), 0.5);
  EXPECT_EQ(m.site().period_quality(), v1::QUALITY_PARTIAL);
  EXPECT_DOUBLE_EQ(m.site().period_peak_demand_w(), 2.5e6);
  EXPECT_EQ(m.site().period_peak_window_start_unix_ms(), 1'796'200'000'000);
  ASSERT_TRUE(m.ParseFromString(enc.settlement(sample_settlement(), std::chrono::minutes(15), noon, 43)));
  EXPECT_EQ(m.origin().sequence(), 2u);
  EXPECT_NE(render_settlement_line(m).find("settled 12:00:00Z-12:15:00Z: site 600.0 kWh, demand 2400.0 kW (80.0% of "
                                           "contract) [PARTIAL], coverage 90.0% (90 s unknown); "
                                           "period 50000.0 kWh [PARTIAL]"),
            std::string::npos)
      << render_settlement_line(m);
}

TEST(SettlementMessage, AWindowWithoutKnownTimeIsMissingNotZeroAndAnEstimatedOneSaysSo) {
  Settlement s = sample_settlement();
  s.site.figures.energy = EnergyTally{0, 0, 0, 900, 1, 0, 0};  // site power had no value all window
  s.site.figures.demand_w = 0;
  s.classes[0].figures.energy.estimated_wh = 5'000;
  Encoder enc("s1", "a1", "b");
  v1::Settlement m;
  ASSERT_TRUE(m.ParseFromString(enc.settlement(s, std::chrono::minutes(15), noon, 1)));
  EXPECT_EQ(m.site().quality(), v1::QUALITY_MISSING);
  EXPECT_EQ(m.classes(0).quality(), v1::QUALITY_ESTIMATED);
  const std::string line = render_settlement_line(m);
  EXPECT_NE(line.find("site - kWh, demand - kW [MISSING], coverage 0.0% (900 s unknown)"), std::string::npos) << line;
  EXPECT_EQ(line.find("0.0 kWh, demand"), std::string::npos) << line;
}

AlarmRecord sample_alarm(bool active) {
  AlarmRecord r;
  r.id = "headroom_low/site";
  r.code = "headroom_low";
  r.subject = "site";
  r.severity = AlarmSeverity::Warning;
  r.active = active;
  r.raised = noon;
  r.cleared = active ? WallTime{} : noon + std::chrono::minutes(5);
  r.at = active ? noon : r.cleared;
  r.value = 250e3;
  r.threshold = 300e3;
  r.unit = "W";
  r.text = "headroom 250.0 kW under 300.0 kW";
  r.possibly_optimistic = true;
  return r;
}

TEST(AlarmMessage, ARaiseAClearAndTheActiveSet) {
  Encoder enc("s1", "a1", "b");
  v1::Alarm raised, cleared;
  ASSERT_TRUE(raised.ParseFromString(enc.alarm(sample_alarm(true), 7)));
  ASSERT_TRUE(cleared.ParseFromString(enc.alarm(sample_alarm(false), 8)));
  EXPECT_EQ(raised.origin().sequence(), 1u);
  EXPECT_EQ(cleared.origin().sequence(), 2u);
  EXPECT_EQ(raised.id(), cleared.id());
  EXPECT_TRUE(raised.active());
  EXPECT_FALSE(cleared.active());
  EXPECT_EQ(raised.severity(), v1::Alarm::SEVERITY_WARNING);
  EXPECT_EQ(raised.raised_unix_ms(), 1'796'212'800'000);
  EXPECT_EQ(raised.cleared_unix_ms(), 0);
  EXPECT_EQ(cleared.cleared_unix_ms(), 1'796'213'100'000);
  EXPECT_EQ(cleared.time_unix_ms(), 1'796'213'100'000);
  EXPECT_DOUBLE_EQ(raised.value(), 250e3);
  EXPECT_DOUBLE_EQ(raised.threshold(), 300e3);
  EXPECT_TRUE(raised.possibly_optimistic());
  EXPECT_EQ(render_alarm_event(cleared),
            "alarm CLEARED WARNING headroom_low/site at 12:05:00Z: headroom 250.0 kW under 300.0 kW [possibly optimistic]");

  v1::ActiveAlarms set;
  ASSERT_TRUE(set.ParseFromString(enc.active_alarms({sample_alarm(true)}, noon)));
  EXPECT_EQ(set.origin().sequence(), 0u);
  ASSERT_EQ(set.alarms_size(), 1);
  EXPECT_EQ(set.alarms(0).id(), "headroom_low/site");
  EXPECT_NE(render_alarms(set).find("alarms: 1 active\n  WARNING  headroom_low/site"), std::string::npos) << render_alarms(set);
  ASSERT_TRUE(set.ParseFromString(enc.active_alarms({}, noon)));
  EXPECT_EQ(render_alarms(set), "alarms: none active\n");
}

}  // namespace
}  // namespace sitepower
