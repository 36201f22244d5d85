// The one backoff every retry loop waits with (util/backoff.h).
#include <gtest/gtest.h>

#include "backoff.h"

namespace sitepower {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromTheFirstWaitUpToTheCap) {
  Backoff b(milliseconds(250), milliseconds(1000));
  EXPECT_EQ(b.current(), milliseconds(0));
  EXPECT_EQ(b.next(), milliseconds(250));
  EXPECT_EQ(b.next(), milliseconds(500));
  EXPECT_EQ(b.next(), milliseconds(1000));
  EXPECT_EQ(b.next(), milliseconds(1000));
  EXPECT_EQ(b.current(), milliseconds(1000));
}

TEST(Backoff, ASuccessStartsOverAtTheFirstWait) {
  Backoff b(milliseconds(100), milliseconds(10000));
  b.next();
  b.next();
  b.reset();
  EXPECT_EQ(b.current(), milliseconds(0));
  EXPECT_EQ(b.next(), milliseconds(100));
}

TEST(Backoff, AFirstWaitAboveTheCapWaitsTheCap) {
  // The scheduler's probe of a device whose probe_interval is its interval.
  Backoff b(milliseconds(2000), milliseconds(1000));
  EXPECT_EQ(b.next(), milliseconds(1000));
  EXPECT_EQ(b.next(), milliseconds(1000));
}

TEST(Backoff, NoWaitStaysNoWait) {
  Backoff b(milliseconds(0), milliseconds(1000));
  EXPECT_EQ(b.next(), milliseconds(0));
  EXPECT_EQ(b.next(), milliseconds(0));
}

TEST(Backoff, TheNthWaitOfAStatelessSeries) {
  EXPECT_EQ(Backoff::nth(milliseconds(50), 0), milliseconds(50));
  EXPECT_EQ(Backoff::nth(milliseconds(50), 3), milliseconds(400));
  EXPECT_EQ(Backoff::nth(milliseconds(1000), 5, milliseconds(30000)), milliseconds(30000));
  // However many rounds failed: the cap, never an overflow.
  EXPECT_EQ(Backoff::nth(milliseconds(1000), 1000, milliseconds(30000)), milliseconds(30000));
  EXPECT_EQ(Backoff::nth(milliseconds(1000), 1000), milliseconds::max());
}

TEST(Backoff, TheTotalWaitOfASeries) {
  // A Modbus device's retries: 50 + 100 + 200 ms fit in its timeout or not.
  EXPECT_EQ(Backoff::total(milliseconds(50), 0), milliseconds(0));
  EXPECT_EQ(Backoff::total(milliseconds(50), 3), milliseconds(350));
  EXPECT_EQ(Backoff::total(milliseconds(1000), 4, milliseconds(3000)), milliseconds(1000 + 2000 + 3000 + 3000));
  EXPECT_EQ(Backoff::total(milliseconds(1000), 1000), milliseconds::max());
}

}  // namespace
}  // namespace sitepower
