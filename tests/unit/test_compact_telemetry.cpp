// Compact telemetry (docs/compact-telemetry.md): what the agent packs by its
// catalogue (packed_telemetry.h) a consumer unpacks (unpack_telemetry.h) to
// the full form's readings and nodes, at each value's stated resolution;
// the catalogue only grows, so an older message decodes with a newer one.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "catalogue_file.h"
#include "encoder.h"
#include "packed_telemetry.h"
#include "reading_catalogue.h"
#include "sitepower/v1/inventory.pb.h"
#include "unpack_telemetry.h"

namespace sitepower {
namespace {

const WallTime t0 = WallTime(std::chrono::milliseconds(1'796'212'800'000));

StoredReading reading(const std::string& device, const std::string& channel, const std::string& quantity, double value,
                      const std::string& unit, Quality q = Quality::Good, WallTime wall = t0) {
  StoredReading r;
  r.device = device;
  r.reading.channel = channel;
  r.reading.quantity = quantity;
  r.reading.value = value;
  r.reading.unit = unit;
  r.reading.quality = q;
  r.wall = wall;
  return r;
}

// Every case the packed arrays must carry or hand to an exception.
std::vector<StoredReading> hostile_cycle() {
  std::vector<StoredReading> rs;
  rs.push_back(reading("meter-1", "total", "power", 12345.67, "W"));
  rs.push_back(reading("meter-1", "L1", "voltage", 231.456, "V"));
  rs.push_back(reading("meter-1", "L1", "current", -3.2104, "A"));  // a CT the wrong way round
  rs.push_back(reading("meter-1", "total", "power_factor", 0.98765, ""));
  auto energy = reading("meter-1", "total", "energy_import", 1'234'567.4, "Wh");
  energy.counter = {CounterEvent::First, 0};
  rs.push_back(energy);
  auto outlet = reading("pdu-1", "outlet3", "power", 410.0, "W");
  outlet.reading.label = "gpu-a1";
  rs.push_back(outlet);
  auto stale = reading("pdu-1", "outlet4", "power", 99.5, "W", Quality::Stale, t0 - std::chrono::seconds(7));
  stale.reading.error = "timeout";
  rs.push_back(stale);
  rs.push_back(reading("pdu-1", "outlet5", "power", std::nan(""), "W", Quality::Bad));
  rs.back().reading.error = "not a number";
  auto nameplate = reading("miner-7", "total", "power", 3250, "W", Quality::Estimated);
  nameplate.reading.estimated = 3250;
  rs.push_back(nameplate);
  auto partial = reading("row-a", "total", "power", 90'000, "W", Quality::Partial);
  partial.reading.estimated = 6'500;
  rs.push_back(partial);
  rs.push_back(reading("miner-7", "total", "hashrate_avg", 104.37, "TH/s"));
  rs.push_back(reading("miner-7", "total", "huge", 1e300, "W"));  // beyond 2^53 steps: exact
  return rs;
}

SplitResult split_of(double site_w) {
  SplitResult s;
  s.site_power_w = site_w;
  s.site_quality = Quality::Good;
  NodePower root;
  root.id = "site";
  root.power_w = site_w;
  root.quality = Quality::Good;
  root.metered = true;
  root.has_remainder = true;  // sent whole
  root.unmetered_w = 120;
  root.unmetered_quality = Quality::Good;
  NodePower leaf;
  leaf.id = "row-a";
  leaf.parent_id = "site";
  leaf.load_class = "mining";
  leaf.power_w = 90'000.04;
  leaf.quality = Quality::Good;
  NodePower stale;
  stale.id = "row-b";
  stale.parent_id = "site";
  stale.load_class = "mining";
  stale.power_w = 5'000;
  stale.quality = Quality::Stale;
  s.nodes = {root, leaf, stale};
  return s;
}

using Key = std::tuple<std::string, std::string, std::string>;
std::map<Key, v1::DeviceReading> by_key(const v1::Telemetry& t) {
  std::map<Key, v1::DeviceReading> out;
  for (const auto& r : t.readings()) out[{r.device_id(), r.channel(), r.quantity()}] = r;
  return out;
}

class CompactTelemetry : public ::testing::Test {
 protected:
  // One cycle encoded both ways; the compact one unpacked by a consumer that has the inventory.
  std::pair<v1::Telemetry, v1::Telemetry> both(const std::vector<StoredReading>& rs, const SplitResult& split,
                                               WallTime now) {
    catalogue_.learn(rs, split.nodes);
    v1::Inventory inv;
    EXPECT_TRUE(inv.ParseFromString(full_.inventory(SiteConfig{}, now, &catalogue_)));
    unpacker_.add_inventory(inv);
    v1::Telemetry full, compact;
    EXPECT_TRUE(full.ParseFromString(full_.telemetry(split, rs, std::nullopt, now, 1000, 1)));
    const std::string bytes = compact_.telemetry(split, rs, std::nullopt, now, 1000, 1, &catalogue_);
    EXPECT_TRUE(compact.ParseFromString(bytes));
    EXPECT_EQ(compact.readings_size(), 0);
    std::string why;
    EXPECT_TRUE(unpacker_.unpack(compact, &why)) << why;
    return {full, compact};
  }
  ReadingCatalogue catalogue_{{}, {}, 0x5eed};
  Encoder full_{"s", "a", "boot"}, compact_{"s", "a", "boot"};
  TelemetryUnpacker unpacker_;
};

TEST_F(CompactTelemetry, UnpacksToTheFullFormAtEachValuesResolution) {
  const auto rs = hostile_cycle();
  const auto [full, compact] = both(rs, split_of(250'000), t0 + std::chrono::milliseconds(350));
  const auto want = by_key(full), got = by_key(compact);
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [key, w] : want) {
    SCOPED_TRACE(std::get<0>(key) + "/" + std::get<1>(key) + "/" + std::get<2>(key));
    ASSERT_EQ(got.count(key), 1u);
    const v1::DeviceReading& g = got.at(key);
    StoredReading named = reading(std::get<0>(key), std::get<1>(key), std::get<2>(key), 0, w.unit());
    named.reading.label = w.label();
    const std::optional<std::uint32_t> index = catalogue_.entry(named);
    ASSERT_TRUE(index.has_value());
    const double step = catalogue_.proto().entries(static_cast<int>(*index)).resolution();
    EXPECT_GT(step, 0);
    if (std::isnan(w.value())) EXPECT_TRUE(std::isnan(g.value()));
    else EXPECT_LE(std::fabs(g.value() - w.value()), step / 2 * (1 + 1e-9)) << w.value() << " vs " << g.value();
    EXPECT_EQ(g.unit(), w.unit());
    EXPECT_EQ(g.label(), w.label());
    EXPECT_EQ(g.quality(), w.quality());
    EXPECT_EQ(g.time_unix_ms(), w.time_unix_ms());
    EXPECT_EQ(g.error(), w.error());
    EXPECT_NEAR(g.estimated(), w.estimated(), step / 2);
    EXPECT_EQ(g.counter_event(), w.counter_event());
    EXPECT_DOUBLE_EQ(g.counter_increase(), w.counter_increase());
  }
  EXPECT_EQ(got.at({"miner-7", "total", "huge"}).value(), 1e300);  // exact, through its exception
  // Nodes: the same, in tree order; the simple ones at 0.1 W.
  ASSERT_EQ(compact.groups_size(), full.groups_size());
  for (int i = 0; i < full.groups_size(); ++i) {
    EXPECT_EQ(compact.groups(i).id(), full.groups(i).id());
    EXPECT_EQ(compact.groups(i).parent_id(), full.groups(i).parent_id());
    EXPECT_EQ(compact.groups(i).load_class(), full.groups(i).load_class());
    EXPECT_EQ(compact.groups(i).quality(), full.groups(i).quality());
    EXPECT_NEAR(compact.groups(i).power_w(), full.groups(i).power_w(), 0.05);
  }
  EXPECT_DOUBLE_EQ(compact.groups(0).unmetered_w(), 120);  // the root went whole
}

TEST_F(CompactTelemetry, ACounterContinuesFromItsLastGoodValueAndAResetIsSaid) {
  auto rs = hostile_cycle();
  both(rs, split_of(1), t0);
  auto& energy = rs[4];
  energy.reading.value += 812.6;  // 1,235,380.0 Wh
  energy.counter = {CounterEvent::Continues, 812.6};
  energy.wall = t0 + std::chrono::seconds(1);
  for (auto& r : rs) r.wall = t0 + std::chrono::seconds(1);
  auto [full, compact] = both(rs, split_of(1), t0 + std::chrono::seconds(1));
  const v1::DeviceReading got = by_key(compact).at({"meter-1", "total", "energy_import"});
  EXPECT_EQ(got.counter_event(), v1::COUNTER_EVENT_CONTINUES);
  EXPECT_NEAR(got.counter_increase(), 812.6, 1.0);  // the difference of two values at 1 Wh
  energy.reading.value = 40;
  energy.counter = {CounterEvent::Reset, 0};
  std::tie(full, compact) = both(rs, split_of(1), t0 + std::chrono::seconds(2));
  EXPECT_EQ(by_key(compact).at({"meter-1", "total", "energy_import"}).counter_event(), v1::COUNTER_EVENT_RESET);
}

TEST_F(CompactTelemetry, AnOlderMessageDecodesWithAGrownCatalogueAndAShortCatalogueSaysWhy) {
  auto rs = hostile_cycle();
  catalogue_.learn(rs, split_of(1).nodes);
  v1::Telemetry old;
  ASSERT_TRUE(old.ParseFromString(compact_.telemetry(split_of(1), rs, std::nullopt, t0, 1000, 1, &catalogue_)));
  v1::Inventory short_inv;
  ASSERT_TRUE(short_inv.ParseFromString(full_.inventory(SiteConfig{}, t0, &catalogue_)));
  short_inv.mutable_catalogue()->mutable_entries()->RemoveLast();
  TelemetryUnpacker consumer;
  consumer.add_inventory(short_inv);
  std::string why;
  v1::Telemetry copy = old;
  EXPECT_FALSE(consumer.unpack(copy, &why));
  EXPECT_NE(why.find("has 11 entries"), std::string::npos) << why;
  // A device appears: the catalogue grows at its end, and the old message still decodes.
  rs.push_back(reading("meter-2", "total", "power", 5, "W"));
  EXPECT_TRUE(catalogue_.learn(rs, split_of(1).nodes));
  EXPECT_FALSE(catalogue_.learn(rs, split_of(1).nodes));  // nothing new the second time
  EXPECT_EQ(catalogue_.proto().entries(12).device_id(), "meter-2");
  v1::Inventory grown;
  ASSERT_TRUE(grown.ParseFromString(full_.inventory(SiteConfig{}, t0, &catalogue_)));
  consumer.add_inventory(grown);
  EXPECT_TRUE(consumer.unpack(old, &why)) << why;
  EXPECT_EQ(old.readings_size(), 12);
}

TEST_F(CompactTelemetry, WithoutItsCatalogueAMessageIsNotDecoded) {
  const auto rs = hostile_cycle();
  catalogue_.learn(rs, split_of(1).nodes);
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(compact_.telemetry(split_of(1), rs, std::nullopt, t0, 1000, 1, &catalogue_)));
  TelemetryUnpacker consumer;
  std::string why;
  EXPECT_FALSE(consumer.unpack(t, &why));
  EXPECT_NE(why.find("no catalogue of epoch 0000000000005eed"), std::string::npos) << why;
}

// The small bench site's cycle (20 meters x 10 registers, all GOOD): at most
// 6 bytes a reading, the whole message counted.
TEST_F(CompactTelemetry, ASteadyMeterSiteTakesAtMostSixBytesAReading) {
  std::vector<StoredReading> rs;
  SplitResult split = split_of(0);
  split.nodes.resize(1);
  for (int m = 0; m < 20; ++m) {
    const std::string id = "meter" + std::to_string(m);
    for (const char* line : {"L1", "L2", "L3"}) {
      rs.push_back(reading(id, line, "voltage", 229.87 + m, "V"));
      rs.push_back(reading(id, line, "current", 10.123 + m, "A"));
      rs.push_back(reading(id, line, "power", 2301.7 + m, "W"));
    }
    rs.push_back(reading(id, "total", "power", 6905.1 + m, "W"));
    NodePower leaf;
    leaf.id = id;
    leaf.parent_id = "site";
    leaf.load_class = "mining";
    leaf.metered = true;
    leaf.power_w = 6905.1 + m;
    leaf.quality = Quality::Good;
    split.nodes.push_back(leaf);
  }
  split.classes["mining"] = ClassTotal{138'102, 20, 0};
  catalogue_.learn(rs, split.nodes);
  const std::string compact = compact_.telemetry(split, rs, std::nullopt, t0, 1000, 1, &catalogue_);
  const std::string full = full_.telemetry(split, rs, std::nullopt, t0, 1000, 1);
  const double per_reading = static_cast<double>(compact.size()) / static_cast<double>(rs.size());
  EXPECT_LE(per_reading, 6.0) << compact.size() << " bytes";
  EXPECT_GT(static_cast<double>(full.size()) / static_cast<double>(rs.size()), 30.0);  // what it replaces
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(compact));
  EXPECT_EQ(t.packed().exceptions_size(), 0);
}

// Never expected (the agent learns before it packs), but not a crash: what
// the catalogue lacks goes in the full form beside the packed values.
TEST_F(CompactTelemetry, WhatTheCatalogueLacksGoesWhole) {
  auto rs = hostile_cycle();
  catalogue_.learn(rs, {});
  rs.push_back(reading("late", "total", "power", 7, "W"));
  v1::Telemetry t;
  ASSERT_TRUE(t.ParseFromString(compact_.telemetry(split_of(1), rs, std::nullopt, t0, 1000, 1, &catalogue_)));
  ASSERT_EQ(t.readings_size(), 1);
  EXPECT_EQ(t.readings(0).device_id(), "late");
  EXPECT_EQ(t.groups_size(), 3);
  EXPECT_EQ(t.packed().values_size(), 12);
}

TEST(ReadingCatalogueEpoch, GoesOnUnlessOverHalfItsDevicesAreGone) {
  ReadingCatalogue first({}, {"a", "b", "c"}, 7);
  first.learn({reading("a", "total", "power", 1, "W"), reading("b", "total", "power", 1, "W"),
               reading("c", "total", "power", 1, "W")},
              {});
  const ReadingCatalogue kept(first.proto(), {"a", "b", "x"}, 8);
  EXPECT_EQ(kept.epoch(), 7u);
  EXPECT_EQ(kept.proto().entries_size(), 3);
  EXPECT_EQ(*kept.entry(reading("c", "total", "power", 0, "W")), 2u);
  const ReadingCatalogue renewed(first.proto(), {"a", "x", "y"}, 8);
  EXPECT_EQ(renewed.epoch(), 8u);
  EXPECT_EQ(renewed.proto().entries_size(), 0);
}

TEST(CatalogueFileBytes, AFileThatCannotBeACatalogueSaysWhy) {
  ReadingCatalogue c({}, {}, 9);
  c.learn({reading("a", "total", "power", 1, "W")}, {});
  v1::Catalogue doubled = c.proto();
  *doubled.add_entries() = doubled.entries(0);
  std::string why;
  EXPECT_EQ(parse_catalogue(doubled.SerializeAsString(), &why).entries_size(), 0);
  EXPECT_EQ(why, "an entry appears twice");
  v1::Catalogue zero_step = c.proto();
  zero_step.mutable_entries(0)->set_resolution(0);
  parse_catalogue(zero_step.SerializeAsString(), &why);
  EXPECT_EQ(why, "an entry's resolution is not a positive number");
  EXPECT_EQ(parse_catalogue("\xff\xff", &why).epoch(), 0u);
  EXPECT_EQ(why, "not a sitepower.v1.Catalogue");
  EXPECT_EQ(parse_catalogue(c.proto().SerializeAsString(), &why).entries_size(), 1);
  EXPECT_EQ(why, "");
}

}  // namespace
}  // namespace sitepower
