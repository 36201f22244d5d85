#pragma once
// Demand windows (issue 16, not yet published): fixed windows aligned to the
// wall clock (a 15-minute window starts at :00, :15, :30, :45 UTC), each with
// the energy of its samples (energy_integral.h), its running average demand
// and the demand projected for its end from the energy so far and the current
// rate: what a utility bills as the interval's demand. A window's energy is
// cut at its boundary: the power there is interpolated between the samples
// either side, so neither window gains or loses the straddling interval.
#include <chrono>
#include <cstdint>
#include <optional>

#include "energy_integral.h"

namespace sitepower {

struct DemandFigures {
  std::int64_t start_unix_ms = 0;
  std::int64_t end_unix_ms = 0;
  EnergyTally energy;        // so far (all of it once closed)
  double average_w = 0;      // energy over the time in the window backed by data
  // (energy so far + current rate × time left) / window length; once closed,
  // the window's energy / its length: the demand a utility bills
  double projected_w = 0;
  double elapsed_s = 0;      // since the window's start
  double coverage = 0;       // the share of elapsed_s backed by data (an agent started mid-window: < 1)
};

class DemandWindow {
 public:
  using Wall = std::chrono::system_clock::time_point;
  explicit DemandWindow(std::chrono::seconds length, std::chrono::milliseconds max_gap = std::chrono::seconds(10));

  // A sample of the site's (or a class's) power. When it falls in a later
  // window than the last, the earlier window closes and is returned, whole.
  std::optional<DemandFigures> add(Wall wall, double watts, double estimated_w, Quality quality);
  // The open window as of the last sample; nullopt before any.
  std::optional<DemandFigures> current() const;

 private:
  std::int64_t window_of(Wall wall) const;
  DemandFigures figures(Wall now, double rate_w) const;

  std::chrono::seconds length_;
  std::chrono::milliseconds max_gap_;
  std::int64_t window_ = -1;
  EnergyIntegral integral_;
  struct Last {
    Wall wall;
    double watts;
    double estimated_w;
    Quality quality;
  };
  std::optional<Last> last_;
};

}  // namespace sitepower
