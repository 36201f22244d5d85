// Demand windows (demand_window.h): aligned to the clock, cut at their
// boundary without losing energy, and projecting a step change right.
#include <gtest/gtest.h>

#include "demand_window.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;
using Wall = DemandWindow::Wall;

// 2026-12-02 12:00:00 UTC: a quarter hour.
const Wall noon = Wall(std::chrono::seconds(1'796'212'800));

TEST(DemandWindow, AlignsToTheClockAndProjectsAStepChange) {
  DemandWindow w(15min);
  // From 12:00 at 100 kW, a step to 200 kW at 12:05 (the sample at 12:05
  // still 100 kW, the next 200 kW: a 1 s ramp), read at 12:10.
  for (int s = 0; s <= 600; ++s) EXPECT_FALSE(w.add(noon + std::chrono::seconds(s), s <= 300 ? 100e3 : 200e3, 0, Quality::Good));
  const DemandFigures f = *w.current();
  EXPECT_EQ(f.start_unix_ms, 1'796'212'800'000);
  EXPECT_EQ(f.end_unix_ms, 1'796'213'700'000);
  EXPECT_DOUBLE_EQ(f.elapsed_s, 600);
  const double energy_wh = (100e3 * 300 + 150e3 * 1 + 200e3 * 299) / 3600;
  EXPECT_NEAR(f.energy.wh, energy_wh, 1e-6);
  EXPECT_NEAR(f.average_w, energy_wh * 3600 / 600, 1e-6);
  // The rest of the window at the current 200 kW.
  EXPECT_NEAR(f.projected_w, (energy_wh * 3600 + 200e3 * 300) / 900, 1e-6);
  EXPECT_DOUBLE_EQ(f.coverage, 1.0);
}

TEST(DemandWindow, ClosesAtItsBoundaryWithTheStraddlingEnergySplit) {
  DemandWindow w(15min);
  // Samples every 4 s from 11:59:58: 12:00 falls between two of them.
  std::optional<DemandFigures> closed;
  double total_wh = 0;
  for (int i = 0; i < 200; ++i) {
    const Wall at = noon - 2s + std::chrono::seconds(4 * i);
    if (auto c = w.add(at, 360e3, 0, Quality::Good)) closed = c;
  }
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->end_unix_ms, 1'796'212'800'000);
  EXPECT_NEAR(closed->energy.wh, 360e3 * 2 / 3600, 1e-9);  // 11:59:58 to 12:00:00
  total_wh += closed->energy.wh;
  const DemandFigures open = *w.current();
  EXPECT_EQ(open.start_unix_ms, 1'796'212'800'000);
  EXPECT_NEAR(open.energy.wh, 360e3 * (4 * 199 - 2) / 3600, 1e-6);
  total_wh += open.energy.wh;
  EXPECT_NEAR(total_wh, 360e3 * 4 * 199 / 3600, 1e-6);  // nothing lost or counted twice
  EXPECT_NEAR(open.average_w, 360e3, 1e-6);
}

TEST(DemandWindow, AClosedWindowsDemandIsItsEnergyOverItsLengthWithItsCoverage) {
  DemandWindow w(15min);
  // The agent starts at 12:05 and a meter is silent from 12:08 to 12:09:30.
  for (int s = 300; s <= 480; ++s) w.add(noon + std::chrono::seconds(s), 90e3, 0, Quality::Good);
  for (int s = 570; s < 900; ++s) w.add(noon + std::chrono::seconds(s), 90e3, 0, Quality::Good);
  const auto closed = w.add(noon + 900s, 90e3, 0, Quality::Good);
  ASSERT_TRUE(closed);
  EXPECT_NEAR(closed->energy.known_s, 180 + 330, 1e-9);
  EXPECT_NEAR(closed->energy.unknown_s, 90, 1e-9);
  EXPECT_NEAR(closed->coverage, 510.0 / 900, 1e-9);
  EXPECT_NEAR(closed->demand_w, 90e3 * 510 / 900, 1e-6);  // billed on what is known, coverage says how much
  EXPECT_NEAR(closed->projected_w, 90e3, 1e-6);  // where it ended, on what was seen
  EXPECT_NEAR(closed->average_w, 90e3, 1e-6);
}

TEST(DemandWindow, AnAgentStartedMidWindowProjectsTheUnseenPartAtTheRunningAverage) {
  // Started at 12:10 at a steady 2.5 MW, read at 12:10:37: the ten minutes
  // before are not zero, they are not known; the projection stays 2.5 MW.
  DemandWindow w(15min);
  for (int s = 600; s <= 637; ++s) w.add(noon + std::chrono::seconds(s), 2.5e6, 0, Quality::Good);
  const DemandFigures f = *w.current();
  EXPECT_NEAR(f.projected_w, 2.5e6, 1e-6);
  EXPECT_NEAR(f.coverage, 37.0 / 637, 1e-9);
  EXPECT_NEAR(f.demand_w, 2.5e6 * 37 / 900, 1e-6);  // what is known so far, over the window
}

}  // namespace
}  // namespace sitepower
