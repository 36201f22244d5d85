#include <gtest/gtest.h>

#include "pdu_readings.h"

namespace sitepower::snmp {
namespace {

Varbind integer(Oid oid, std::int64_t v) { return {std::move(oid), VarType::Integer, v, 0, ""}; }

Profile switched_pdu() {
  Profile p;
  ValueSpec power{"power", "W", {1, 9, 7}, {}, std::nullopt, std::nullopt, {1, {-1}, false}};
  p.outlet.push_back(power);
  p.outlet_state = ColumnSpec{{1, 9, 5}, {}, {2}};
  return p;
}

TEST(PduReadings, AnOutletSwitchedOffReadsZeroAndGoodWhateverItsSensorSays) {
  PduAnswers a;
  for (auto vb : {integer({1, 9, 7, 1}, 300), integer({1, 9, 7, 2}, -1), integer({1, 9, 5, 1}, 2), integer({1, 9, 5, 2}, 1)}) {
    a.rows.emplace(vb.oid, vb);
  }
  const PduReadings r = decode_readings(switched_pdu(), a);
  ASSERT_EQ(r.readings.size(), 2u);
  EXPECT_EQ(r.readings[0].channel, "outlet1");
  EXPECT_EQ(r.readings[0].value, 300);
  EXPECT_EQ(r.readings[1].channel, "outlet2");
  EXPECT_EQ(r.readings[1].quality, Quality::Good);
  EXPECT_EQ(r.readings[1].value, 0);
}

TEST(PduReadings, AnOutletSwitchedOnWithoutAReadingIsBad) {
  PduAnswers a;
  for (auto vb : {integer({1, 9, 7, 1}, -1), integer({1, 9, 5, 1}, 2)}) a.rows.emplace(vb.oid, vb);
  const PduReadings r = decode_readings(switched_pdu(), a);
  ASSERT_EQ(r.readings.size(), 1u);
  EXPECT_EQ(r.readings[0].quality, Quality::Bad);
  EXPECT_EQ(r.outlets, (std::vector<std::uint32_t>{1}));
}

// Outlet selectors (`outlets: {label: "gpu-*"}`) match the outlet's name on its readings.
TEST(PduReadings, EachOutletReadingCarriesTheOutletsName) {
  Profile p = switched_pdu();
  p.outlet_name = ColumnSpec{{1, 9, 3}, {}, {}};
  PduAnswers a;
  for (auto vb : {integer({1, 9, 7, 1}, 300), integer({1, 9, 7, 2}, 200), integer({1, 9, 5, 1}, 2),
                  integer({1, 9, 5, 2}, 1), Varbind{{1, 9, 3, 1}, VarType::OctetString, 0, 0, "gpu-a1"}}) {
    a.rows.emplace(vb.oid, vb);
  }
  const PduReadings r = decode_readings(p, a);
  ASSERT_EQ(r.readings.size(), 2u);
  EXPECT_EQ(r.readings[0].label, "gpu-a1");
  EXPECT_EQ(r.readings[1].label, "");  // outlet 2 has no name row
}

TEST(PduReadings, AnInletValueWithoutAnAnswerIsBad) {
  Profile p;
  p.inlet.push_back({"power", "W", {1, 9, 1, 0}, {}, std::nullopt, std::nullopt, {}});
  const PduReadings r = decode_readings(p, {});
  ASSERT_EQ(r.readings.size(), 1u);
  EXPECT_EQ(r.readings[0].channel, "total");
  EXPECT_EQ(r.readings[0].quality, Quality::Bad);
}

}  // namespace
}  // namespace sitepower::snmp
