#pragma once
// Energy from power samples (issue 16's first step, not yet published): the
// trapezoid rule between consecutive samples that both have a value, so a
// ramp is integrated exactly and a constant load to the joule. Between two
// samples more than `max_gap` apart, or across one without a value (BAD,
// STALE, MISSING), the energy is unknown: its duration is kept, never filled
// with zero and never interpolated. Estimated power gives estimated energy,
// kept apart. Coverage is the share of the time seen that is backed by data.
#include <chrono>
#include <optional>

#include "reading.h"

namespace sitepower {

struct EnergyTally {
  double wh = 0;           // over the known time
  double estimated_wh = 0; // the part of wh from estimated power
  double known_s = 0;      // seconds between samples with values, within max_gap
  double unknown_s = 0;    // seconds in gaps and after samples without a value
  unsigned gaps = 0;       // unknown stretches (a run of them counts once)
  unsigned resets = 0;     // energy counters only: resets seen (their intervals are unknown)
  unsigned wraps = 0;      // energy counters only: roll-overs past their top (counted through)

  // known / (known + unknown); 1 before any time has passed.
  double coverage() const;
};

// How far an energy figure (a window's or a period's) can be trusted, decided
// here only: MISSING without any known time; PARTIAL when `coverage` (its
// known share of the time it stands for) is below 1, so the energy is a lower
// bound; ESTIMATED when part of it is estimated; GOOD otherwise.
Quality energy_quality(const EnergyTally& tally, double coverage);

struct EnergySample {
  std::chrono::steady_clock::time_point at;
  double watts;
  double estimated_w;
  bool valued;
};

// All an integral is, for the state directory (energy_state_file.h). Outside
// the class: a default argument of its own type needs it complete.
struct EnergyIntegralState {
  EnergyTally tally;
  std::optional<EnergySample> last;
  bool in_gap = false;
};

class EnergyIntegral {
 public:
  using Time = std::chrono::steady_clock::time_point;
  using Sample = EnergySample;
  using State = EnergyIntegralState;
  explicit EnergyIntegral(std::chrono::milliseconds max_gap, State state = {})
      : max_gap_(max_gap), last_(state.last), in_gap_(state.in_gap), tally_(state.tally) {}

  // One sample of power (W) at `at`, `estimated_w` of it estimated; samples
  // come in time order (an older one is ignored).
  void add(Time at, double watts, double estimated_w, Quality quality);
  const EnergyTally& tally() const { return tally_; }
  State state() const { return {tally_, last_, in_gap_}; }

 private:
  std::chrono::milliseconds max_gap_;
  std::optional<Sample> last_;
  bool in_gap_ = false;
  EnergyTally tally_;
};

}  // namespace sitepower
