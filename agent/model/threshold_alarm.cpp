#include "threshold_alarm.h"

namespace sitepower {

ThresholdAlarm::ThresholdAlarm(Direction direction, double raise_at, double clear_at, std::chrono::milliseconds hold)
    : direction_(direction), raise_at_(raise_at), clear_at_(clear_at), hold_(hold) {}

void ThresholdAlarm::retune(double raise_at, double clear_at, std::chrono::milliseconds hold) {
  raise_at_ = raise_at;
  clear_at_ = clear_at;
  hold_ = hold;
}

bool ThresholdAlarm::past_raise(double v) const { return direction_ == Direction::Below ? v < raise_at_ : v > raise_at_; }
bool ThresholdAlarm::past_clear(double v) const {
  return direction_ == Direction::Below ? v >= clear_at_ : v <= clear_at_;
}

ThresholdAlarm::Change ThresholdAlarm::update(Time at, std::optional<double> value) {
  const bool toward_change = value && (active_ ? past_clear(*value) : past_raise(*value));
  if (!toward_change) {
    pending_since_.reset();
    return Change::None;
  }
  if (!pending_since_) pending_since_ = at;
  if (at - *pending_since_ < hold_) return Change::None;
  active_ = !active_;
  changed_at_ = at;
  pending_since_.reset();
  return active_ ? Change::Raised : Change::Cleared;
}

}  // namespace sitepower
