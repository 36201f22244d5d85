// Register values, read plans, SunSpec scans and profile files.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "config_error.h"
#include "process.h"
#include "profile.h"
#include "read_plan.h"
#include "sunspec_scan.h"

namespace sitepower::modbus {
namespace {

using Regs = std::vector<std::uint16_t>;

double value(ValueType t, Order bytes, Order words, const Regs& regs) {
  return to_number(t, raw_bits(t, bytes, words, regs));
}

TEST(ModbusValues, DecodesEveryTypeAndOrder) {
  EXPECT_EQ(value(ValueType::S16, Order::Big, Order::Big, {0xFFFE}), -2);
  EXPECT_EQ(value(ValueType::U16, Order::Big, Order::Big, {0xFFFE}), 65534);
  EXPECT_EQ(value(ValueType::U32, Order::Big, Order::Big, {0x0001, 0x0002}), 65538);
  EXPECT_EQ(value(ValueType::U32, Order::Big, Order::Little, {0x0002, 0x0001}), 65538);
  EXPECT_EQ(value(ValueType::S32, Order::Little, Order::Big, {0xFFFF, 0xFEFF}), -2);
  EXPECT_EQ(value(ValueType::F32, Order::Big, Order::Big, {0x4366, 0x8000}), 230.5);
  EXPECT_EQ(value(ValueType::F32, Order::Big, Order::Little, {0x8000, 0x4366}), 230.5);
  EXPECT_TRUE(std::isnan(value(ValueType::F32, Order::Big, Order::Big, {0x7FC0, 0x0000})));
  EXPECT_EQ(value(ValueType::S64, Order::Big, Order::Big, {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFD}), -3);
  EXPECT_EQ(value(ValueType::U64, Order::Big, Order::Big, {0, 0, 1, 0}), 65536);
  EXPECT_EQ(value(ValueType::F64, Order::Big, Order::Big, {0x400A, 0, 0, 0}), 3.25);
}

Point point(std::uint16_t address, ValueType type = ValueType::U16, Table table = Table::Holding) {
  Point p;
  p.quantity = "power";
  p.unit = "W";
  p.address = address;
  p.type = type;
  p.table = table;
  return p;
}

std::vector<std::pair<std::uint16_t, std::uint16_t>> spans(const ReadPlan& plan) {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> out;
  for (const Block& b : plan.blocks()) out.emplace_back(b.address, b.count);
  return out;
}

TEST(ModbusReadPlan, BridgesGapsUpToMaxGapOnly) {
  const std::vector<Point> points{point(0, ValueType::F32), point(10, ValueType::F32), point(40, ValueType::F32)};
  EXPECT_EQ(spans(ReadPlan(points, 0, 8, 125, false)), (decltype(spans(ReadPlan({}, 0, 0, 125, false))){{0, 12}, {40, 2}}));
  EXPECT_EQ(spans(ReadPlan(points, 0, 28, 125, false)).size(), 1u);
  EXPECT_EQ(spans(ReadPlan(points, 0, 7, 125, false)).size(), 3u);
}

TEST(ModbusReadPlan, NeverExceedsTheRegisterLimitOrMixesTables) {
  std::vector<Point> points;
  for (std::uint16_t a = 0; a < 300; a += 2) points.push_back(point(a, ValueType::F32));
  points.push_back(point(0, ValueType::U16, Table::Input));
  const ReadPlan plan(points, 0, 16, 125, false);
  ASSERT_EQ(plan.blocks().size(), 4u);
  for (const Block& b : plan.blocks()) EXPECT_LE(b.count, 125);
  EXPECT_EQ(plan.blocks()[0].table, Table::Holding);
  EXPECT_EQ(plan.blocks()[3].table, Table::Input);
}

TEST(ModbusReadPlan, AppliesScaleFactorsAndMarksBadValues) {
  Point w = point(1, ValueType::S16);
  w.scale_factor = 0;
  Point pf = point(2, ValueType::S16);
  pf.quantity = "power_factor";
  pf.scale = 0.01;
  Point nan = point(3, ValueType::F32);
  const ReadPlan plan({w, pf, nan}, 100, 16, 125, true);
  ASSERT_EQ(plan.blocks().size(), 1u);
  EXPECT_EQ(plan.blocks()[0].address, 100);
  auto readings = plan.decode({{{0xFFFE, static_cast<std::uint16_t>(-1500), 0x8000, 0x7FC0, 0}, ""}});
  EXPECT_EQ(readings[0].quality, Quality::Good);
  EXPECT_DOUBLE_EQ(readings[0].value, -15);  // -1500 × 10^-2
  EXPECT_EQ(readings[1].quality, Quality::Bad);
  EXPECT_EQ(readings[1].error, "not implemented by the device");
  EXPECT_EQ(readings[2].quality, Quality::Bad);
  EXPECT_EQ(readings[2].error, "not implemented by the device");  // SunSpec float32: NaN

  readings = plan.decode({{{}, "exception 2 (illegal data address)"}});
  EXPECT_EQ(readings[0].quality, Quality::Bad);
  EXPECT_EQ(readings[0].error, "exception 2 (illegal data address)");
}

TEST(ModbusReadPlan, AnUnsignedCounterCarriesItsWidthScaledAsItsValue) {
  Point wh = point(0, ValueType::Acc32);
  wh.quantity = "energy_import";
  wh.unit = "Wh";
  wh.scale_factor = 6;  // the address of its exponent
  Point kwh = point(2, ValueType::U32);
  kwh.quantity = "energy_import";
  kwh.scale = 1000;
  Point f = point(4, ValueType::F32);
  const ReadPlan plan({wh, kwh, f}, 0, 16, 125, false);
  const auto readings = plan.decode({{{0, 7, 0, 9, 0x4366, 0x8000, 0xFFFF}, ""}});
  EXPECT_DOUBLE_EQ(readings[0].counter_span, 4294967296.0 * 0.1);  // scale factor -1 (0xFFFF at register 6)
  EXPECT_DOUBLE_EQ(readings[1].counter_span, 4294967296.0 * 1000);
  EXPECT_DOUBLE_EQ(readings[2].counter_span, 0);  // a float has no top to roll over
}

TEST(ModbusSunSpec, FindsTheMeterModelByWalkingTheChain) {
  SunSpecScan scan({{203}, {40000, 50000, 0}, Table::Holding});
  const Regs nothing{0, 0}, marker{0x5375, 0x6E53}, common{1, 66}, inverter{101, 50}, meter{203, 105};
  EXPECT_EQ(scan.next(3)->address, 40000);
  scan.feed(nullptr);  // exception: nothing mapped at 40000
  EXPECT_EQ(scan.next(3)->address, 50000);
  scan.feed(&nothing);
  EXPECT_EQ(scan.next(3)->address, 0);
  scan.feed(&marker);
  EXPECT_EQ(scan.next(3)->address, 2);
  scan.feed(&common);
  EXPECT_EQ(scan.next(3)->address, 70);
  scan.feed(&inverter);
  EXPECT_EQ(scan.next(3)->address, 122);
  EXPECT_EQ(scan.next(3)->unit, 3);
  scan.feed(&meter);
  ASSERT_TRUE(scan.finished());
  EXPECT_EQ(scan.model_address(), 122u);
  EXPECT_EQ(scan.model_id(), 203);
}

TEST(ModbusSunSpec, ReportsAChainWithoutAMeter) {
  SunSpecScan scan({{203}, {40000}, Table::Holding});
  const Regs marker{0x5375, 0x6E53}, end{0xFFFF, 0};
  scan.feed(&marker);
  scan.feed(&end);
  ASSERT_TRUE(scan.finished());
  EXPECT_FALSE(scan.model_address());
  EXPECT_EQ(scan.failure(), "no meter model in the SunSpec chain");
}

std::string shipped(const std::string& name) { return test::source_path("drivers/modbus/profiles/" + name + ".yaml"); }

TEST(ModbusProfiles, ShippedProfilesNeedFewRequestsPerCycle) {
  const Profile sunspec = load_profile(shipped("sunspec-meter"));
  const Profile sdm = load_profile(shipped("eastron-sdm630"));
  const Profile pm = load_profile(shipped("schneider-pm5100"));
  EXPECT_EQ(ReadPlan(sunspec.points, 40122, sunspec.max_gap, sunspec.max_registers, true).blocks().size(), 1u);
  EXPECT_EQ(ReadPlan(sdm.points, 0, sdm.max_gap, sdm.max_registers, false).blocks().size(), 2u);
  EXPECT_EQ(ReadPlan(pm.points, 0, pm.max_gap, pm.max_registers, false).blocks().size(), 2u);
  EXPECT_EQ(sdm.points.size(), 16u);
}

// No configuration can make the driver write: a request's function code comes
// only from Table, whose every value maps to FC 3 or 4, and every request any
// shipped profile produces is a read.
TEST(ModbusProfiles, NoConfigurationProducesAWriteFunctionCode) {
  for (Table t : {Table::Holding, Table::Input}) EXPECT_TRUE(function_code(t) == 3 || function_code(t) == 4);
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("drivers/modbus/profiles"))) {
    const Profile p = load_profile(entry.path().string());
    const ReadPlan plan(p.points, p.sunspec ? 40000 : 0, p.max_gap, p.max_registers, false);
    for (const Block& b : plan.blocks()) {
      for (Framing f : {Framing::Tcp, Framing::Rtu}) {
        const auto frame = encode_request(f, 1, {1, b.table, b.address, b.count});
        const std::uint8_t fc = frame[f == Framing::Tcp ? 7 : 1];
        EXPECT_TRUE(fc == 3 || fc == 4) << entry.path() << " produced FC " << int(fc);
      }
    }
  }
}

class ModbusProfileFile : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-profile"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& text) {
    const std::string path = dir_ + "/meter.yaml";
    std::ofstream(path) << text;
    return path;
  }
  std::string error_of(const std::string& text) {
    try {
      load_profile(write(text));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
  std::string dir_;
};

TEST_F(ModbusProfileFile, ErrorsNameFileLineAndKey) {
  const std::string head = "name: m\npoints:\n";
  EXPECT_EQ(error_of(head + "  - {quantity: power, address: 1, type: f16}\n"),
            dir_ + "/meter.yaml:3: points[0].type: expected one of u16, s16, u32, s32, u64, s64, f32, f64, acc16, acc32, acc64, got 'f16'");
  EXPECT_NE(error_of(head + "  - {quantity: powr, address: 1}\n").find("meter.yaml:3: points[0].quantity"),
            std::string::npos);
  // A write is not expressible: there is no table or key that selects one.
  EXPECT_NE(error_of(head + "  - {quantity: power, address: 1, table: coil}\n").find("points[0].table: expected one of"),
            std::string::npos);
  EXPECT_NE(error_of(head + "  - {quantity: power, address: 1, function: 6}\n").find("function"), std::string::npos);
}

// Issue 17 item 8: profiles are parsed from yaml-cpp's events into a light
// tree, not YAML::Load's nodes; every error still names its own line and key.
TEST_F(ModbusProfileFile, ErrorsDeepInALargeProfileNameTheirLineAndKey) {
  const auto profile_with = [](std::size_t at, const std::string& bad_point) {
    std::string text = "name: m\npoints:\n";
    for (std::size_t i = 0; i < 1000; ++i) {
      text += i == at ? bad_point : "  - {channel: c" + std::to_string(i) + ", quantity: power, address: 1}\n";
    }
    return text;
  };
  EXPECT_EQ(error_of(profile_with(700, "  - {quantity: power, adress: 1, address: 2}\n")),
            dir_ + "/meter.yaml:703: points[700].adress: unknown key (misspelt, or not valid here)");
  EXPECT_EQ(error_of(profile_with(500, "  - {quantity: power, address: 1,\n     address: 2}\n")),
            dir_ + "/meter.yaml:504: points[500].address: repeated key (first set at line 503); each key may appear "
                   "once in a mapping");
  EXPECT_EQ(error_of(profile_with(999, "  - {quantity: power}\n")),
            dir_ + "/meter.yaml:1002: points[999].address: expected a whole number from 0 to 65535 (the key is "
                   "required)");
  EXPECT_EQ(error_of(profile_with(3, "  - {quantity: power, address: 70000}\n")),
            dir_ + "/meter.yaml:6: points[3].address: expected a whole number from 0 to 65535, got '70000'");
  EXPECT_EQ(error_of(profile_with(0, "  - quantity: power\n    address: 1\n  - 7\n")),
            dir_ + "/meter.yaml:5: points[1]: expected a mapping of keys, got '7'");
}

TEST_F(ModbusProfileFile, ValuesReadAsYamlCppReadsThem) {
  // Numbers go through yaml-cpp's own conversion (hex, signs), and an alias is the point its anchor names.
  const Profile p = load_profile(write(
      "name: m\npoints:\n  - &a {channel: a, quantity: power, address: 0x10, scale: -1.5e1}\n  - *a\n"
      "  - {channel: b, quantity: voltage, address: 017}\n"));
  ASSERT_EQ(p.points.size(), 2u);
  EXPECT_EQ(p.points[0].address, 16);
  EXPECT_EQ(p.points[0].scale, -15);
  EXPECT_EQ(p.points[1].address, 15);  // yaml-cpp reads a leading 0 as octal
}

TEST_F(ModbusProfileFile, ShortNamesResolveInConfigDirBeforeShippedProfiles) {
  EXPECT_EQ(find_profile("eastron-sdm630", dir_), shipped("eastron-sdm630"));
  std::filesystem::create_directories(dir_ + "/profiles");
  std::ofstream(dir_ + "/profiles/eastron-sdm630.yaml") << "name: local\npoints: [{quantity: power, address: 0}]\n";
  EXPECT_EQ(find_profile("eastron-sdm630", dir_), dir_ + "/profiles/eastron-sdm630.yaml");
  EXPECT_EQ(find_profile("profiles/eastron-sdm630.yaml", dir_), dir_ + "/profiles/eastron-sdm630.yaml");
  EXPECT_THROW(find_profile("no-such-meter", dir_), ConfigError);
}

}  // namespace
}  // namespace sitepower::modbus
