#pragma once
// The one exponential backoff: every retry loop of the agent and its drivers
// (a Modbus line's reconnect and a device's retries, the MQTT publisher's
// round of its brokers, the scheduler's probes of a failing device) waits
// with it, so "doubling, from a first wait up to a cap" means one thing.
#include <algorithm>
#include <chrono>

namespace sitepower {

class Backoff {
 public:
  using Delay = std::chrono::milliseconds;

  // A `first` above the cap waits the cap.
  constexpr Backoff(Delay first, Delay cap) : first_(std::min(first, cap)), cap_(cap) {}

  // A failure: the wait before the next attempt. `first` after a reset, then
  // twice the last wait each time, never above the cap.
  constexpr Delay next() {
    current_ = current_ == Delay::zero() ? first_ : doubled(current_, cap_);
    return current_;
  }
  // A success: the next failure waits `first` again.
  constexpr void reset() { current_ = Delay::zero(); }
  // The wait next() returned last; zero before any and after reset().
  constexpr Delay current() const { return current_; }

  // The wait before retry `n` (0: the first) of a series that keeps no state:
  // first * 2^n, never above the cap (no overflow, however large n is).
  static constexpr Delay nth(Delay first, unsigned n, Delay cap = Delay::max()) {
    Delay d = std::min(first, cap);
    for (unsigned i = 0; i < n && d < cap; ++i) d = doubled(d, cap);
    return d;
  }

  // The waits before retries 0..n-1 together: how long a series of n retries
  // waits in all (saturating, never an overflow).
  static constexpr Delay total(Delay first, unsigned n, Delay cap = Delay::max()) {
    Delay sum{0};
    for (unsigned i = 0; i < n; ++i) {
      const Delay d = nth(first, i, cap);
      sum = sum > Delay::max() - d ? Delay::max() : sum + d;
    }
    return sum;
  }

 private:
  static constexpr Delay doubled(Delay d, Delay cap) { return d > cap / 2 ? cap : std::min(2 * d, cap); }

  Delay first_;
  Delay cap_;
  Delay current_{0};
};

}  // namespace sitepower
