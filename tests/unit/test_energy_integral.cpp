// Energy from power samples (energy_integral.h): known loads give their
// analytic integral, and what is not known stays unknown with its duration.
#include <gtest/gtest.h>

#include <cmath>

#include "energy_integral.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;
const EnergyIntegral::Time t0{};

TEST(EnergyIntegral, AConstantLoadGivesPowerTimesTime) {
  EnergyIntegral e(10s);
  for (int s = 0; s <= 3600; ++s) e.add(t0 + std::chrono::seconds(s), 250'000, 0, Quality::Good);
  EXPECT_NEAR(e.tally().wh, 250'000, 250'000 * 1e-9);
  EXPECT_DOUBLE_EQ(e.tally().known_s, 3600);
  EXPECT_DOUBLE_EQ(e.tally().coverage(), 1.0);
  EXPECT_EQ(e.tally().gaps, 0u);
}

TEST(EnergyIntegral, ARampAndASineAreWithinATenthOfAPercent) {
  // A ramp from 0 to 1 MW over an hour, sampled each second at jittered
  // times: the trapezoid rule is exact on straight lines.
  EnergyIntegral ramp(10s);
  double t = 0;
  for (int i = 0; t <= 3600; ++i) {
    ramp.add(t0 + std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(t)),
             1e6 * t / 3600, 0, Quality::Good);
    t += 1.0 + 0.3 * std::sin(i);  // polls do not land on the second
  }
  const double hours = ramp.tally().known_s / 3600;
  EXPECT_NEAR(ramp.tally().wh, 1e6 * hours * hours / 2, 1e-3 * 1e6 * hours * hours / 2);
  // A training job breathing: 380 kW ± 60 kW over a 40 s period, for 15 minutes.
  EnergyIntegral sine(10s);
  for (int s = 0; s <= 900; ++s) {
    sine.add(t0 + std::chrono::seconds(s), 380'000 + 60'000 * std::sin(2 * M_PI * s / 40), 0, Quality::Good);
  }
  const double exact = (380'000.0 * 900 + 60'000 * 40 / (2 * M_PI) * (1 - std::cos(2 * M_PI * 900 / 40))) / 3600;
  EXPECT_NEAR(sine.tally().wh, exact, 1e-3 * exact);
}

TEST(EnergyIntegral, ANinetySecondGapIsUnknownNotZero) {
  EnergyIntegral e(10s);
  for (int s = 0; s <= 60; ++s) e.add(t0 + std::chrono::seconds(s), 3600, 0, Quality::Good);
  // The meter is silent for 90 s, then answers again.
  for (int s = 150; s <= 210; ++s) e.add(t0 + std::chrono::seconds(s), 3600, 0, Quality::Good);
  EXPECT_DOUBLE_EQ(e.tally().wh, 120);  // 2 × 60 s at 3600 W: nothing for the gap
  EXPECT_DOUBLE_EQ(e.tally().known_s, 120);
  EXPECT_DOUBLE_EQ(e.tally().unknown_s, 90);
  EXPECT_EQ(e.tally().gaps, 1u);
  EXPECT_NEAR(e.tally().coverage(), 120.0 / 210, 1e-12);
}

TEST(EnergyIntegral, SamplesWithoutAValueMakeTheirTimeUnknown) {
  EnergyIntegral e(10s);
  e.add(t0, 1000, 0, Quality::Good);
  e.add(t0 + 1s, 1000, 0, Quality::Good);
  e.add(t0 + 2s, 0, 0, Quality::Stale);
  e.add(t0 + 3s, 0, 0, Quality::Bad);
  e.add(t0 + 4s, 1000, 0, Quality::Good);
  e.add(t0 + 5s, 1000, 0, Quality::Good);
  e.add(t0 + 4s, 1e9, 0, Quality::Good);  // out of order: ignored
  EXPECT_DOUBLE_EQ(e.tally().known_s, 2);
  EXPECT_DOUBLE_EQ(e.tally().unknown_s, 3);
  EXPECT_EQ(e.tally().gaps, 1u);
  EXPECT_NEAR(e.tally().wh, 2000.0 / 3600, 1e-12);
}

TEST(EnergyIntegral, EstimatedPowerGivesEstimatedEnergyApart) {
  EnergyIntegral e(10s);
  e.add(t0, 5000, 1000, Quality::Estimated);
  e.add(t0 + 3600s, 5000, 1000, Quality::Estimated);
  EXPECT_EQ(e.tally().known_s, 0);  // an hour apart: over max_gap
  EnergyIntegral f(2h);
  f.add(t0, 5000, 1000, Quality::Estimated);
  f.add(t0 + 3600s, 5000, 1000, Quality::Partial);
  EXPECT_DOUBLE_EQ(f.tally().wh, 5000);
  EXPECT_DOUBLE_EQ(f.tally().estimated_wh, 1000);
}

}  // namespace
}  // namespace sitepower
