// Energy from a meter's counter by window (counter_window.h): deltas counted
// exactly through missed polls, a reset's interval unknown, a straddling
// interval split by time, a window-long silence not guessed at.
#include <gtest/gtest.h>

#include "counter_window.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;
using Wall = CounterWindow::Wall;
const Wall noon = Wall(std::chrono::seconds(1'796'212'800));

TEST(CounterWindow, CountsTheDeltasThroughMissedPolls) {
  CounterWindow w(15min);
  EXPECT_FALSE(w.add(noon, 1000, 0));
  EXPECT_FALSE(w.add(noon + 10s, 1250, 0));
  EXPECT_FALSE(w.add(noon + 10s, 1300, 0));  // the same poll again: ignored
  EXPECT_FALSE(w.add(noon + 100s, 1900, 0));  // 90 s without a reading: the counter covers it
  const DemandFigures f = *w.current(noon + 100s, 0);
  EXPECT_DOUBLE_EQ(f.energy.wh, 900);
  EXPECT_DOUBLE_EQ(f.energy.known_s, 100);
  EXPECT_DOUBLE_EQ(f.energy.unknown_s, 0);
}

TEST(CounterWindow, AResetMakesItsIntervalUnknownAndAWrapDoesNot) {
  CounterWindow w(15min);
  w.add(noon, 4'294'967'000, 4'294'967'296);  // a u32 counter near its top
  w.add(noon + 10s, 200, 4'294'967'296);      // wrapped: 496 Wh
  w.add(noon + 20s, 50, 4'294'967'296);       // went down, not a wrap: reset
  w.add(noon + 30s, 80, 4'294'967'296);
  const DemandFigures f = *w.current(noon + 30s, 0);
  EXPECT_DOUBLE_EQ(f.energy.wh, 496 + 30);
  EXPECT_DOUBLE_EQ(f.energy.known_s, 20);
  EXPECT_DOUBLE_EQ(f.energy.unknown_s, 10);
  EXPECT_EQ(f.energy.resets, 1u);
  EXPECT_EQ(f.energy.wraps, 1u);
}

TEST(CounterWindow, AStraddlingIntervalIsSplitByTime) {
  CounterWindow w(15min);
  w.add(noon + 890s, 0, 0);
  const auto closed = w.add(noon + 905s, 150, 0);  // 10 s before 12:15, 5 s after
  ASSERT_TRUE(closed);
  EXPECT_DOUBLE_EQ(closed->energy.wh, 100);
  EXPECT_DOUBLE_EQ(closed->energy.known_s, 10);
  const DemandFigures open = *w.current(noon + 905s, 0);
  EXPECT_DOUBLE_EQ(open.energy.wh, 50);
  EXPECT_EQ(open.start_unix_ms, 1'796'213'700'000);
}

TEST(CounterWindow, ARollClosesTheWindowAndTheLateIntervalCountsOnlyAfterIt) {
  CounterWindow w(15min);
  w.add(noon + 898s, 0, 0);
  const auto closed = w.roll(noon + 901s);  // the cycle after 12:15, no newer reading
  ASSERT_TRUE(closed);
  EXPECT_DOUBLE_EQ(closed->energy.known_s, 0);
  EXPECT_FALSE(w.add(noon + 902s, 40, 0));
  // Of 4 s and 40 Wh, the 2 s after the boundary: the rest was settled unknown.
  EXPECT_DOUBLE_EQ(w.current(noon + 902s, 0)->energy.wh, 20);
}

TEST(CounterWindow, AWindowLongSilenceIsUnknownHoweverTheCounterMoved) {
  CounterWindow w(15min);
  w.add(noon + 100s, 0, 0);
  const auto closed = w.add(noon + 2000s, 99'000, 0);  // into the window after next
  ASSERT_TRUE(closed);
  EXPECT_DOUBLE_EQ(closed->energy.wh, 0);
  EXPECT_DOUBLE_EQ(closed->energy.unknown_s, 800);
  EXPECT_DOUBLE_EQ(w.current(noon + 2000s, 0)->energy.unknown_s, 200);
}

}  // namespace
}  // namespace sitepower
