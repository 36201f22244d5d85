#pragma once
// Energy by demand window from a meter's energy counter (issue 16): the
// counter's increase between two readings is the energy of the time between
// them, exactly, however many polls were missed in between: revenue-grade,
// where integrating power is only as good as the samples. A reset (the
// counter went down and did not wrap, counter.h) makes its interval unknown.
// An interval that straddles a window boundary is split in proportion to
// time (the counter says how much, not when); one that spans a whole window
// or more is unknown, since no split of it would be a measurement.
#include <chrono>
#include <cstdint>
#include <optional>

#include "demand_window.h"

namespace sitepower {

// All a counter series is, for the state directory: the last value survives
// a restart, so the increase across the downtime is still measured.
struct CounterWindowState {
  std::int64_t window = -1;
  EnergyTally tally;
  std::optional<std::chrono::system_clock::time_point> last_wall;
  double last_wh = 0;
};

class CounterWindow {
 public:
  using Wall = std::chrono::system_clock::time_point;
  using State = CounterWindowState;
  explicit CounterWindow(std::chrono::seconds length, State state = {});

  // The counter's value in Wh read at `wall` (its poll's time), `span_wh` the
  // value it rolls over at (0: unknown). A reading not newer than the last is
  // ignored (a cycle repeats the last poll's reading). When `wall` falls in a
  // later window than the last, that window closes and is returned.
  std::optional<DemandFigures> add(Wall wall, double value_wh, double span_wh);
  // Closes the open window if `wall` is past it (a cycle after the boundary
  // with no new reading yet): what follows counts in the next window.
  std::optional<DemandFigures> roll(Wall wall);
  // The open window as of `now`, projected at `rate_w`.
  std::optional<DemandFigures> current(Wall now, double rate_w) const;
  const State& state() const { return state_; }

 private:
  void count(double seconds, double wh, bool known);
  DemandFigures close(Wall boundary_or_later);

  std::chrono::seconds length_;
  State state_;
};

}  // namespace sitepower
