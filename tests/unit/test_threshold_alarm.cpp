// Threshold alarms (threshold_alarm.h): raised and cleared only after their
// hold, with hysteresis, and never cleared by an unknown value.
#include <gtest/gtest.h>

#include "threshold_alarm.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;
using Change = ThresholdAlarm::Change;
const ThresholdAlarm::Time t0{};

// Headroom warning: raised under 300 kW for 30 s, cleared at 350 kW or more for 30 s.
ThresholdAlarm headroom() { return ThresholdAlarm(ThresholdAlarm::Direction::Below, 300e3, 350e3, 30s); }

TEST(ThresholdAlarm, ASpikeShorterThanTheHoldRaisesNothing) {
  ThresholdAlarm a = headroom();
  EXPECT_EQ(a.update(t0, 500e3), Change::None);
  EXPECT_EQ(a.update(t0 + 1s, 120e3), Change::None);  // a 1 s dip
  EXPECT_EQ(a.update(t0 + 2s, 500e3), Change::None);
  EXPECT_EQ(a.update(t0 + 40s, 500e3), Change::None);
  EXPECT_FALSE(a.active());
}

TEST(ThresholdAlarm, RaisesAfterItsHoldAndClearsOnlyPastTheHysteresis) {
  ThresholdAlarm a = headroom();
  for (int s = 0; s < 30; ++s) EXPECT_EQ(a.update(t0 + std::chrono::seconds(s), 250e3), Change::None) << s;
  EXPECT_EQ(a.update(t0 + 30s, 250e3), Change::Raised);
  EXPECT_EQ(a.raised_at(), t0 + 30s);
  // Back over the raise threshold but inside the band: still raised, for minutes.
  for (int s = 31; s < 300; ++s) EXPECT_EQ(a.update(t0 + std::chrono::seconds(s), 320e3), Change::None);
  EXPECT_TRUE(a.active());
  // Past the band for less than the hold, then for all of it.
  EXPECT_EQ(a.update(t0 + 300s, 360e3), Change::None);
  EXPECT_EQ(a.update(t0 + 310s, 320e3), Change::None);  // back into the band: the wait restarts
  EXPECT_EQ(a.update(t0 + 320s, 360e3), Change::None);
  EXPECT_EQ(a.update(t0 + 349s, 360e3), Change::None);
  EXPECT_EQ(a.update(t0 + 350s, 360e3), Change::Cleared);
  EXPECT_FALSE(a.active());
  EXPECT_FALSE(a.raised_at());
}

TEST(ThresholdAlarm, AnUnknownValueNeitherRaisesNorClears) {
  ThresholdAlarm a = headroom();
  a.update(t0, 100e3);
  EXPECT_EQ(a.update(t0 + 30s, 100e3), Change::Raised);
  for (int s = 31; s < 200; ++s) EXPECT_EQ(a.update(t0 + std::chrono::seconds(s), std::nullopt), Change::None);
  EXPECT_TRUE(a.active());
  // Unknown breaks a pending raise too.
  ThresholdAlarm b = headroom();
  b.update(t0, 100e3);
  b.update(t0 + 20s, std::nullopt);
  EXPECT_EQ(b.update(t0 + 31s, 100e3), Change::None);
  EXPECT_EQ(b.update(t0 + 61s, 100e3), Change::Raised);
}

TEST(ThresholdAlarm, AboveForProjectedDemandOverTheContract) {
  ThresholdAlarm a(ThresholdAlarm::Direction::Above, 3000e3, 2900e3, 60s);
  a.update(t0, 3100e3);
  EXPECT_EQ(a.update(t0 + 60s, 3050e3), Change::Raised);
  EXPECT_EQ(a.update(t0 + 61s, 2950e3), Change::None);  // under the contract, inside the band
  a.update(t0 + 70s, 2800e3);
  EXPECT_EQ(a.update(t0 + 130s, 2800e3), Change::Cleared);
}

}  // namespace
}  // namespace sitepower
