#pragma once
// One threshold alarm's state (issue 16, not yet published): raised when a
// value has been past its raise threshold for `hold` without a break, cleared
// when it has been back past its clear threshold (the hysteresis band beyond
// it) for `hold`: a 1 s spike pages nobody, and a value hovering at the
// threshold does not flap. An unknown value neither raises nor clears, and
// restarts both waits: an alarm is not cleared by a meter going dark.
#include <chrono>
#include <optional>

namespace sitepower {

class ThresholdAlarm {
 public:
  using Time = std::chrono::steady_clock::time_point;
  enum class Direction { Below, Above };  // headroom below a floor; projected demand above the contract
  enum class Change { None, Raised, Cleared };

  // Below: raised under `raise_at`, cleared at or over `clear_at` (>= raise_at).
  // Above: raised over `raise_at`, cleared at or under `clear_at` (<= raise_at).
  ThresholdAlarm(Direction direction, double raise_at, double clear_at, std::chrono::milliseconds hold);

  Change update(Time at, std::optional<double> value);
  // New thresholds (a reload): the state and a wait under way are kept.
  void retune(double raise_at, double clear_at, std::chrono::milliseconds hold);
  bool active() const { return active_; }
  std::optional<Time> raised_at() const { return active_ ? std::optional<Time>(changed_at_) : std::nullopt; }

 private:
  bool past_raise(double v) const;
  bool past_clear(double v) const;

  Direction direction_;
  double raise_at_;
  double clear_at_;
  std::chrono::milliseconds hold_;
  bool active_ = false;
  std::optional<Time> pending_since_;  // the value has been past the threshold that would change the state since
  Time changed_at_{};
};

}  // namespace sitepower
