// Energy counters: each published value is judged against the previous
// published GOOD value of the same counter; a wrap or a reset is flagged and
// the increase is never negative.
#include <gtest/gtest.h>

#include "counter_watch.h"

namespace sitepower {
namespace {

constexpr double k32 = 4294967296.0;  // a 32-bit counter's span, in Wh

StoredReading energy(double wh, double span = 0, Quality q = Quality::Good, const std::string& channel = "outlet1") {
  StoredReading r;
  r.device = "pdu";
  r.reading = {channel, "energy_import", wh, "Wh", q, q == Quality::Good ? "" : "timeout", span};
  return r;
}

// One message's worth: the watch judges it and the judged reading comes back.
CounterStep publish(CounterWatch& w, StoredReading r) {
  std::vector<StoredReading> v{std::move(r)};
  w.judge(v);
  return v.front().counter;
}

TEST(CounterStepTest, AnIncreaseContinuesWithTheDifference) {
  const CounterStep s = counter_step(1000, 1250, k32);
  EXPECT_EQ(s.event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(s.increase, 250);
}

TEST(CounterStepTest, AnUnchangedValueContinuesWithZero) {
  EXPECT_EQ(counter_step(1000, 1000, 0).event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(counter_step(1000, 1000, 0).increase, 0);
}

TEST(CounterStepTest, ADecreaseNearTheTopOfAKnownWidthIsAWrap) {
  const CounterStep s = counter_step(k32 - 100, 50, k32);
  EXPECT_EQ(s.event, CounterEvent::Wrapped);
  EXPECT_DOUBLE_EQ(s.increase, 150);
}

TEST(CounterStepTest, ADecreaseFarFromTheTopIsAReset) {
  // A PDU reboot that restarts its 32-bit counter at 3 from 1 GWh.
  const CounterStep s = counter_step(1e9, 3, k32);
  EXPECT_EQ(s.event, CounterEvent::Reset);
  EXPECT_DOUBLE_EQ(s.increase, 0);
}

TEST(CounterStepTest, WithoutAKnownWidthEveryDecreaseIsAReset) {
  EXPECT_EQ(counter_step(k32 - 100, 50, 0).event, CounterEvent::Reset);
  EXPECT_EQ(counter_step(1000, 999.9, 0).event, CounterEvent::Reset);
}

TEST(CounterQuantityTest, EnergyIsACounterAndPowerIsNot) {
  EXPECT_TRUE(is_counter("energy_import"));
  EXPECT_TRUE(is_counter("energy_export"));
  EXPECT_FALSE(is_counter("power"));
  EXPECT_FALSE(is_counter("voltage"));
}

TEST(CounterWatchTest, TheFirstValueHasNothingToCompareWith) {
  CounterWatch w;
  EXPECT_EQ(publish(w, energy(500)).event, CounterEvent::First);
  EXPECT_EQ(publish(w, energy(700)).event, CounterEvent::Continues);
}

TEST(CounterWatchTest, ARebootIsFlaggedOnceAndTheSeriesGoesOnFromTheNewValue) {
  CounterWatch w;
  publish(w, energy(100400));
  const CounterStep reset = publish(w, energy(300));
  EXPECT_EQ(reset.event, CounterEvent::Reset);
  EXPECT_DOUBLE_EQ(reset.increase, 0);
  const CounterStep next = publish(w, energy(400));
  EXPECT_EQ(next.event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(next.increase, 100);
}

TEST(CounterWatchTest, AWrapCarriesTheIncreaseThroughTheTop) {
  CounterWatch w;
  publish(w, energy(k32 - 10, k32));
  const CounterStep s = publish(w, energy(20, k32));
  EXPECT_EQ(s.event, CounterEvent::Wrapped);
  EXPECT_DOUBLE_EQ(s.increase, 30);
}

TEST(CounterWatchTest, AValuePublishedTwiceContinuesWithZeroTheSecondTime) {
  CounterWatch w;
  publish(w, energy(1000));
  EXPECT_EQ(publish(w, energy(10)).event, CounterEvent::Reset);
  const CounterStep again = publish(w, energy(10));
  EXPECT_EQ(again.event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(again.increase, 0);
}

TEST(CounterWatchTest, ABadValueIsNotJudgedAndDoesNotMoveTheBaseline) {
  CounterWatch w;
  publish(w, energy(1000));
  EXPECT_EQ(publish(w, energy(0, 0, Quality::Bad)).event, CounterEvent::None);
  const CounterStep s = publish(w, energy(1100));
  EXPECT_EQ(s.event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(s.increase, 100);
}

TEST(CounterWatchTest, EachCounterIsJudgedOnItsOwnAndLevelsAreLeftAlone) {
  CounterWatch w;
  std::vector<StoredReading> first{energy(1000, 0, Quality::Good, "outlet1"), energy(2000, 0, Quality::Good, "outlet2")};
  w.judge(first);
  StoredReading power = energy(50);
  power.reading.quantity = "power";
  std::vector<StoredReading> second{energy(5, 0, Quality::Good, "outlet1"), energy(2500, 0, Quality::Good, "outlet2"),
                                    power, power};
  w.judge(second);
  EXPECT_EQ(second[0].counter.event, CounterEvent::Reset);
  EXPECT_EQ(second[1].counter.event, CounterEvent::Continues);
  EXPECT_DOUBLE_EQ(second[1].counter.increase, 500);
  EXPECT_EQ(second[2].counter.event, CounterEvent::None);
  EXPECT_EQ(second[3].counter.event, CounterEvent::None);
}

TEST(CounterWatchTest, ClearStartsEveryCounterAgain) {
  CounterWatch w;
  publish(w, energy(1000));
  w.clear();
  EXPECT_EQ(publish(w, energy(10)).event, CounterEvent::First);
}

}  // namespace
}  // namespace sitepower
