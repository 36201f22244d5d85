#include "energy_integral.h"

namespace sitepower {

double EnergyTally::coverage() const {
  const double seen = known_s + unknown_s;
  return seen > 0 ? known_s / seen : 1.0;
}

Quality energy_quality(const EnergyTally& tally, double coverage) {
  // Coverage is a ratio of sums of doubles: a hair under 1 is whole.
  constexpr double whole = 1 - 1e-9;
  if (tally.known_s <= 0) return Quality::Missing;
  if (coverage < whole) return Quality::Partial;
  if (tally.estimated_wh > 0) return Quality::Estimated;
  return Quality::Good;
}

void EnergyIntegral::add(Time at, double watts, double estimated_w, Quality quality) {
  const bool valued = has_value(quality);
  const Sample now{at, valued ? watts : 0, valued ? estimated_w : 0, valued};
  if (last_ && at < last_->at) return;
  if (last_) {
    const double seconds = std::chrono::duration<double>(at - last_->at).count();
    if (last_->valued && now.valued && at - last_->at <= max_gap_) {
      tally_.wh += (last_->watts + now.watts) / 2 * seconds / 3600;
      tally_.estimated_wh += (last_->estimated_w + now.estimated_w) / 2 * seconds / 3600;
      tally_.known_s += seconds;
      in_gap_ = false;
    } else if (seconds > 0) {
      tally_.unknown_s += seconds;
      if (!in_gap_) ++tally_.gaps;
      in_gap_ = true;
    }
  }
  last_ = now;
}

}  // namespace sitepower
