// SunSpec "not implemented" markers, type by type, as the SunSpec model
// definitions give them: a marker is a bad reading, never a value.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

#include "read_plan.h"
#include "register_value.h"

namespace sitepower::modbus {
namespace {

struct Marker {
  ValueType type;
  std::uint64_t unimplemented;
  std::uint64_t a_value;  // a neighbour that is a real reading
};

TEST(SunSpecMarkers, EveryTypeHasTheMarkerOfTheSunSpecModels) {
  const Marker markers[]{
      {ValueType::S16, 0x8000, 0x8001},
      {ValueType::U16, 0xFFFF, 0xFFFE},
      {ValueType::Acc16, 0, 1},
      {ValueType::S32, 0x80000000, 0x80000001},
      {ValueType::U32, 0xFFFFFFFF, 0},
      {ValueType::Acc32, 0, 0xFFFFFFFF},
      {ValueType::S64, 0x8000000000000000, 0},
      {ValueType::U64, 0xFFFFFFFFFFFFFFFF, 0},
      {ValueType::Acc64, 0, 0xFFFFFFFFFFFFFFFF},
      {ValueType::F32, 0x7FC00000, std::bit_cast<std::uint32_t>(230.5f)},
      {ValueType::F64, 0x7FF8000000000000, std::bit_cast<std::uint64_t>(0.0)},
  };
  for (const Marker& m : markers) {
    SCOPED_TRACE(static_cast<int>(m.type));
    EXPECT_TRUE(is_sunspec_unimplemented(m.type, m.unimplemented));
    EXPECT_FALSE(is_sunspec_unimplemented(m.type, m.a_value));
  }
  EXPECT_EQ(kSunSpecScaleFactorUnimplemented, 0x8000);
}

TEST(SunSpecMarkers, AccumulatorTypesAreUnsignedCountersOfTheirWidth) {
  EXPECT_EQ(parse_value_type("acc16"), ValueType::Acc16);
  EXPECT_EQ(parse_value_type("acc32"), ValueType::Acc32);
  EXPECT_EQ(parse_value_type("acc64"), ValueType::Acc64);
  EXPECT_EQ(register_count(ValueType::Acc16), 1u);
  EXPECT_EQ(register_count(ValueType::Acc32), 2u);
  EXPECT_EQ(register_count(ValueType::Acc64), 4u);
  EXPECT_EQ(to_number(ValueType::Acc32, 0xFFFFFFFF), 4294967295.0);
  EXPECT_NE(value_type_names().find("acc32"), std::string::npos);
}

Point energy(std::uint16_t address, ValueType type) {
  Point p;
  p.quantity = "energy_import";
  p.unit = "Wh";
  p.address = address;
  p.type = type;
  return p;
}

// The reported defect: a SunSpec acc32 at 0 was published as a good 0 Wh.
TEST(SunSpecMarkers, ZeroInASunSpecAccumulatorIsBadElsewhereZeroIsZero) {
  const std::vector<Point> points{energy(0, ValueType::Acc32)};
  const std::vector<BlockResult> zero{{{0, 0}, ""}};
  const Reading sunspec = ReadPlan(points, 0, 16, 125, true).decode(zero)[0];
  EXPECT_EQ(sunspec.quality, Quality::Bad);
  EXPECT_EQ(sunspec.error, "not implemented by the device");
  const Reading plain = ReadPlan(points, 0, 16, 125, false).decode(zero)[0];
  EXPECT_EQ(plain.quality, Quality::Good);
  EXPECT_EQ(plain.value, 0);
}

TEST(SunSpecMarkers, UnimplementedScaleFactorMakesItsPointsBad) {
  Point w = energy(0, ValueType::S16);
  w.quantity = "power";
  w.scale_factor = 1;
  const Reading r = ReadPlan({w}, 0, 16, 125, true).decode({{{1500, 0x8000}, ""}})[0];
  EXPECT_EQ(r.quality, Quality::Bad);
  EXPECT_EQ(r.error, "scale factor not implemented by the device");
}

}  // namespace
}  // namespace sitepower::modbus
