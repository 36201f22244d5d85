// The encoder: what the split becomes on the wire, field by field.
#include <gtest/gtest.h>

#include "boot_id.h"
#include "encoder.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {
namespace {

SplitResult sample_split() {
  SplitResult s;
  s.site_power_w = 5000;
  s.site_quality = Quality::Good;
  s.contracted_w = 6000;
  s.headroom_w = 1000;
  s.classes["mining"] = ClassTotal{3000, 2, 1};
  s.classes["unmetered"] = ClassTotal{120, 1, 0};
  NodePower root;
  root.id = "site";
  root.power_w = 5000;
  root.quality = Quality::Good;
  root.metered = true;
  root.has_remainder = true;
  root.unmetered_w = -80;
  root.unmetered_quality = Quality::Good;
  root.remainder_negative = true;
  NodePower leaf;
  leaf.id = "row-a";
  leaf.parent_id = "site";
  leaf.load_class = "mining";
  leaf.power_w = 3000;
  leaf.quality = Quality::Stale;
  s.nodes = {root, leaf};
  return s;
}

TEST(Encoder, TelemetryCarriesSplitAndOrigin) {
  Encoder enc("s1", "a1", "boot-1");
  StoredReading r{"dev", Reading{"L1", "voltage", 231.5, "V", Quality::Bad, "exception 2"}, {},
                  WallTime(std::chrono::milliseconds(1700000000123))};
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(enc.telemetry(sample_split(), {r}, std::nullopt, WallTime(std::chrono::milliseconds(42)), 1000, 77)));
  EXPECT_EQ(t.origin().site_id(), "s1");
  EXPECT_EQ(t.origin().agent_id(), "a1");
  EXPECT_EQ(t.origin().boot_id(), "boot-1");
  EXPECT_EQ(t.origin().sequence(), 1u);
  EXPECT_EQ(t.origin().outbox_id(), 77u);
  EXPECT_EQ(t.time_unix_ms(), 42);
  EXPECT_EQ(t.cycle_interval_ms(), 1000u);
  EXPECT_DOUBLE_EQ(t.site_power_w(), 5000);
  EXPECT_DOUBLE_EQ(t.headroom_w(), 1000);
  ASSERT_EQ(t.classes_size(), 2);
  EXPECT_EQ(t.classes(0).load_class(), "mining");
  EXPECT_EQ(t.classes(0).quality(), v1::QUALITY_PARTIAL);
  EXPECT_EQ(t.classes(0).leaves_excluded(), 1u);
  ASSERT_EQ(t.groups_size(), 2);
  EXPECT_TRUE(t.groups(0).remainder_negative());
  EXPECT_DOUBLE_EQ(t.groups(0).unmetered_w(), -80);
  EXPECT_EQ(t.groups(1).parent_id(), "site");
  EXPECT_EQ(t.groups(1).quality(), v1::QUALITY_STALE);
  EXPECT_EQ(t.groups(1).unmetered_quality(), v1::QUALITY_UNSPECIFIED);  // leaves have no remainder
  ASSERT_EQ(t.readings_size(), 1);
  EXPECT_EQ(t.readings(0).channel(), "L1");
  EXPECT_EQ(t.readings(0).quality(), v1::QUALITY_BAD);
  EXPECT_EQ(t.readings(0).error(), "exception 2");
  EXPECT_EQ(t.readings(0).time_unix_ms(), 1700000000123);
}

TEST(Encoder, TheDemandWindowIsCarriedFieldByField) {
  Encoder enc("s1", "a1", "b");
  DemandFigures d;
  d.start_unix_ms = 1'796'212'800'000;
  d.end_unix_ms = 1'796'213'700'000;
  d.energy.wh = 1000;
  d.energy.estimated_wh = 100;
  d.energy.unknown_s = 90;
  d.average_w = 4e6;
  d.projected_w = 4.2e6;
  d.coverage = 0.9;
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(enc.telemetry(sample_split(), {}, d, WallTime{}, 1000, 0)));
  ASSERT_TRUE(t.has_demand());
  EXPECT_EQ(t.demand().start_unix_ms(), 1'796'212'800'000);
  EXPECT_EQ(t.demand().end_unix_ms(), 1'796'213'700'000);
  EXPECT_DOUBLE_EQ(t.demand().energy_wh(), 1000);
  EXPECT_DOUBLE_EQ(t.demand().estimated_wh(), 100);
  EXPECT_DOUBLE_EQ(t.demand().average_w(), 4e6);
  EXPECT_DOUBLE_EQ(t.demand().projected_w(), 4.2e6);
  EXPECT_DOUBLE_EQ(t.demand().coverage(), 0.9);
  EXPECT_DOUBLE_EQ(t.demand().unknown_s(), 90);
  ASSERT_TRUE(t.ParseFromString(enc.telemetry(sample_split(), {}, std::nullopt, WallTime{}, 1000, 0)));
  EXPECT_FALSE(t.has_demand());
}

TEST(Encoder, SequenceIsPerKindAndContiguous) {
  Encoder enc("s1", "a1", "b");
  AgentHealth h;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    v1::Telemetry t;
    t.ParseFromString(enc.telemetry(sample_split(), {}, std::nullopt, WallTime{}, 1000, 0));
    EXPECT_EQ(t.origin().sequence(), i);
  }
  v1::Status s;
  s.ParseFromString(enc.status(true, h, WallTime{}));
  EXPECT_EQ(s.origin().sequence(), 1u);
}

TEST(Encoder, StatusReportsHealth) {
  Encoder enc("s1", "a1", "b");
  AgentHealth h;
  h.started = WallTime(std::chrono::seconds(1000));
  h.drivers["sim"] = DriverCounts{3, 1, 2};
  h.queue_depth = 9;
  h.dropped = 4;
  h.outbox_mode = "memory";
  v1::Status s;
  ASSERT_TRUE(s.ParseFromString(enc.status(false, h, WallTime(std::chrono::seconds(1065)))));
  EXPECT_EQ(s.state(), v1::Status::STATE_OFFLINE);
  EXPECT_EQ(s.uptime_s(), 65u);
  ASSERT_EQ(s.drivers_size(), 1);
  EXPECT_EQ(s.drivers(0).devices_ok(), 3u);
  EXPECT_EQ(s.drivers(0).devices_stale(), 1u);
  EXPECT_EQ(s.drivers(0).devices_bad(), 2u);
  EXPECT_EQ(s.queue_depth(), 9u);
  EXPECT_EQ(s.dropped_messages(), 4u);
  EXPECT_EQ(s.last_publish_unix_ms(), 0);  // nothing acknowledged yet
}

TEST(Encoder, TelemetryCarriesHeadroomQualityAndNegativeRemainders) {
  Encoder enc("s1", "a1", "b");
  SplitResult split = sample_split();
  split.headroom_w = 0;
  split.headroom_quality = Quality::Missing;
  split.headroom_error = "site power is missing: never read";
  split.classes["unmetered"].negative = 2;
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(enc.telemetry(split, {}, std::nullopt, WallTime{}, 1000, 0)));
  EXPECT_EQ(t.headroom_quality(), v1::QUALITY_MISSING);
  EXPECT_EQ(t.headroom_error(), "site power is missing: never read");
  ASSERT_EQ(t.classes_size(), 2);
  EXPECT_EQ(t.classes(1).load_class(), "unmetered");
  EXPECT_EQ(t.classes(1).remainders_negative(), 2u);
  EXPECT_EQ(t.classes(1).quality(), v1::QUALITY_PARTIAL);
}

TEST(Encoder, TelemetryCarriesEstimatesReconciliationsAndRollups) {
  Encoder enc("s1", "a1", "b");
  SplitResult split = sample_split();
  split.site_estimated_w = 300;
  split.nodes[1].estimated_w = 300;
  split.nodes[1].quality = Quality::Estimated;
  QualitySum reported;
  reported.add(2700, 300, Quality::Estimated, "miners");
  split.reconcile_band = ReconcileBand{0.9, 1.1, 0};
  split.nodes[1].reconciliation = reconcile(3000, Quality::Good, "", reported, split.reconcile_band);
  split.nodes[1].rollups["miners_mining"].sum.add(40, 0, Quality::Good, "miners");
  split.classes["mining"].estimated_w = 300;
  split.classes["mining"].rollups["curtailed_power"] = Rollup{"W", {}};
  split.classes["mining"].rollups["curtailed_power"].sum.add(0, 0, Quality::Stale, "miners");
  StoredReading estimate{"miners", Reading{"miner-1", "power", 3250, "W", Quality::Estimated, "estimated: nameplate 3250 W"}};
  estimate.reading.estimated = 3250;
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(enc.telemetry(split, {estimate}, std::nullopt, WallTime{}, 1000, 0)));
  EXPECT_DOUBLE_EQ(t.site_power_estimated_w(), 300);
  EXPECT_EQ(t.groups(1).quality(), v1::QUALITY_ESTIMATED);
  EXPECT_DOUBLE_EQ(t.groups(1).estimated_w(), 300);
  const v1::Reconciliation& r = t.groups(1).reconciliation();
  EXPECT_DOUBLE_EQ(r.reported_w(), 2700);
  EXPECT_DOUBLE_EQ(r.reported_estimated_w(), 300);
  EXPECT_EQ(r.reported_quality(), v1::QUALITY_ESTIMATED);
  EXPECT_DOUBLE_EQ(r.ratio(), 0.9);
  EXPECT_EQ(r.quality(), v1::QUALITY_ESTIMATED);
  EXPECT_FALSE(r.out_of_band());
  EXPECT_DOUBLE_EQ(r.ratio_min(), 0.9);
  EXPECT_DOUBLE_EQ(r.ratio_max(), 1.1);
  EXPECT_FALSE(t.groups(0).has_reconciliation());
  ASSERT_EQ(t.groups(1).rollups_size(), 1);
  EXPECT_EQ(t.groups(1).rollups(0).quantity(), "miners_mining");
  EXPECT_DOUBLE_EQ(t.groups(1).rollups(0).value(), 40);
  const v1::ClassPower& mining = t.classes(0);
  EXPECT_DOUBLE_EQ(mining.estimated_w(), 300);
  ASSERT_EQ(mining.rollups_size(), 1);
  EXPECT_EQ(mining.rollups(0).quality(), v1::QUALITY_BAD);
  EXPECT_EQ(mining.rollups(0).devices_excluded(), 1u);
  EXPECT_EQ(mining.rollups(0).error(), "miners (stale)");
  ASSERT_EQ(t.readings_size(), 1);
  EXPECT_EQ(t.readings(0).quality(), v1::QUALITY_ESTIMATED);
  EXPECT_DOUBLE_EQ(t.readings(0).estimated(), 3250);
}

// Status counts devices by the quality their readings have in telemetry.
class DeviceCountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Declared out of alphabetical order: status lists devices in config order.
    for (const char* id : {"meter-b", "meter-a", "pdu"})
      store_.declare(id, std::string(id) == "pdu" ? "snmp" : "modbus", std::chrono::seconds(3), wall(0));
  }
  static WallTime wall(int s) { return WallTime(std::chrono::seconds(1000 + s)); }
  void answer(const std::string& id, int s, Quality q = Quality::Good) {
    PollResult r;
    r.readings.push_back(Reading{"total", "power", 100, "W", q, q == Quality::Good ? "" : "not implemented"});
    store_.update(id, r, t0_ + std::chrono::seconds(s), wall(s));
  }
  void fail(const std::string& id, int s) {
    store_.update(id, PollResult{{}, "no answer (2 tries)"}, t0_ + std::chrono::seconds(s), wall(s));
  }
  std::vector<DeviceCondition> at(int s) const { return store_.devices(t0_ + std::chrono::seconds(s)); }

  ReadingStore store_;
  SteadyTime t0_ = std::chrono::steady_clock::now();
};

TEST_F(DeviceCountTest, OneFailedPollKeepsADeviceOkWhileItsValuesAreGood) {
  answer("meter-a", 0);
  answer("meter-b", 0);
  fail("meter-a", 1);
  const auto counts = count_devices(store_.devices(t0_ + std::chrono::seconds(2)));
  EXPECT_EQ(counts.at("modbus").ok, 2u);
  EXPECT_EQ(counts.at("modbus").bad, 0u);
  const auto devices = at(2);
  ASSERT_EQ(devices.size(), 3u);
  EXPECT_EQ(devices[1].id, "meter-a");
  EXPECT_EQ(devices[1].quality, Quality::Good);
  EXPECT_EQ(devices[1].failed_polls, 1u);
  EXPECT_EQ(devices[1].error, "no answer (2 tries)");
  EXPECT_EQ(devices[1].since, wall(0));
}

TEST_F(DeviceCountTest, AFailingDeviceTurnsStaleWhenItsValuesDo) {
  answer("meter-a", 0);
  for (int s = 1; s <= 5; ++s) fail("meter-a", s);
  const auto counts = count_devices(store_.devices(t0_ + std::chrono::seconds(5)));
  EXPECT_EQ(counts.at("modbus").stale, 1u);
  EXPECT_EQ(counts.at("modbus").ok, 0u);
  const DeviceCondition a = at(5)[1];
  EXPECT_EQ(a.quality, Quality::Stale);
  EXPECT_EQ(a.failed_polls, 5u);
  EXPECT_EQ(a.since, wall(3));  // last answer + stale_after
  // Its readings say the same.
  const auto readings = store_.snapshot(t0_ + std::chrono::seconds(5));
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].reading.quality, Quality::Stale);
  answer("meter-a", 6);
  const DeviceCondition back = at(6)[1];
  EXPECT_EQ(back.quality, Quality::Good);
  EXPECT_EQ(back.failed_polls, 0u);
  EXPECT_EQ(back.error, "");
  EXPECT_EQ(back.since, wall(6));
}

TEST_F(DeviceCountTest, NeverAnsweredIsMissingAndUnusableIsBad) {
  fail("meter-b", 1);
  answer("pdu", 1, Quality::Bad);
  const auto counts = count_devices(store_.devices(t0_ + std::chrono::seconds(1)));
  EXPECT_EQ(counts.at("modbus").bad, 2u);  // meter-b failed, meter-a not polled yet
  EXPECT_EQ(counts.at("snmp").bad, 1u);
  const auto devices = at(1);
  EXPECT_EQ(devices[0].quality, Quality::Missing);
  EXPECT_EQ(devices[0].error, "no answer (2 tries)");
  EXPECT_EQ(devices[0].since, wall(0));  // missing since it was declared
  EXPECT_EQ(devices[1].quality, Quality::Missing);
  EXPECT_EQ(devices[1].error, "never read");
  EXPECT_EQ(devices[2].quality, Quality::Bad);
  EXPECT_EQ(devices[2].error, "not implemented");
  EXPECT_EQ(devices[2].since, wall(1));
}

TEST_F(DeviceCountTest, StatusListsEveryDeviceInConfigOrder) {
  answer("meter-a", 0);
  fail("meter-a", 1);
  AgentHealth h;
  h.devices = at(1);
  Encoder enc("s1", "a1", "b");
  v1::Status s;
  ASSERT_TRUE(s.ParseFromString(enc.status(true, h, wall(1))));
  ASSERT_EQ(s.devices_size(), 3);
  EXPECT_EQ(s.devices(0).device_id(), "meter-b");
  EXPECT_EQ(s.devices(0).quality(), v1::QUALITY_MISSING);
  EXPECT_EQ(s.devices(1).device_id(), "meter-a");
  EXPECT_EQ(s.devices(1).driver(), "modbus");
  EXPECT_EQ(s.devices(1).quality(), v1::QUALITY_GOOD);
  EXPECT_EQ(s.devices(1).failed_polls(), 1u);
  EXPECT_EQ(s.devices(1).error(), "no answer (2 tries)");
  EXPECT_EQ(s.devices(1).since_unix_ms(), 1000000);
  EXPECT_FALSE(s.devices(1).demoted());
  EXPECT_EQ(s.devices(2).device_id(), "pdu");
}

TEST(Encoder, BootIdsAreUuidV4AndDiffer) {
  const std::string a = make_boot_id(), b = make_boot_id();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
}

}  // namespace
}  // namespace sitepower
