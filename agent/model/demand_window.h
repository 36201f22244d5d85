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
  // (running average × time elapsed + current rate × time left) / window
  // length: where the window ends if the site stays as it is now. The time
  // elapsed without data (an agent started mid-window) is taken at the running
  // average, not as nothing; coverage says how much that is. Once closed: the average.
  double projected_w = 0;
  // The window's energy / its length: the demand a utility bills once it is
  // closed. Low when coverage < 1: time without data is not filled in.
  double demand_w = 0;
  double elapsed_s = 0;      // since the window's start
  double coverage = 0;       // the share of elapsed_s backed by data (an agent started mid-window: < 1)
};

// The index of the window of `length` that `wall` falls in (windows since the epoch).
std::int64_t window_index(std::chrono::system_clock::time_point wall, std::chrono::seconds length);
// A window's figures as of `now` from its energy so far, projecting the rest
// of it at `rate_w`. Shared by power (DemandWindow) and counter (CounterWindow) series.
DemandFigures window_figures(std::int64_t window, std::chrono::seconds length, const EnergyTally& energy,
                             std::chrono::system_clock::time_point now, double rate_w);

struct PowerSample {
  std::chrono::system_clock::time_point wall;
  double watts;
  double estimated_w;
  Quality quality;
};

// All a window is, for the state directory (energy_state_file.h).
struct DemandWindowState {
  std::int64_t window = -1;
  EnergyIntegralState integral;
  std::optional<PowerSample> last;
};

class DemandWindow {
 public:
  using Wall = std::chrono::system_clock::time_point;
  using State = DemandWindowState;
  explicit DemandWindow(std::chrono::seconds length, std::chrono::milliseconds max_gap = std::chrono::seconds(10),
                        State state = {});

  // A sample of the site's (or a class's) power. When it falls in a later
  // window than the last, the earlier window closes and is returned, whole.
  std::optional<DemandFigures> add(Wall wall, double watts, double estimated_w, Quality quality);
  // The open window as of the last sample; nullopt before any.
  std::optional<DemandFigures> current() const;
  State state() const { return {window_, integral_.state(), last_}; }

 private:

  std::chrono::seconds length_;
  std::chrono::milliseconds max_gap_;
  std::int64_t window_ = -1;
  EnergyIntegral integral_;
  std::optional<PowerSample> last_;
};

}  // namespace sitepower
