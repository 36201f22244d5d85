#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sitepower::sim {

using Clock = std::chrono::steady_clock;

// How one simulated load behaves over time. Deterministic for a given seed, so
// a simulated meter upstream can add up the true power of the loads it feeds.
struct LoadProfile {
  double power_w = 0;         // steady power
  double swing_w = 0;         // amplitude of a slow sine (training jobs, fan curves)
  double swing_period_s = 60;
  double noise_pct = 0;       // measurement noise, percent of the value, uniform
  std::optional<double> curtail_after_s;  // curtailment starts (e.g. a miner row sent to sleep)
  double curtail_to_w = 0;
  double curtail_ramp_s = 10;
  std::optional<double> quiet_after_s;  // device stops answering: polls never complete
  unsigned bad_every = 0;               // every Nth poll returns a NaN (bad) power value
  // A driver bug: the first poll after block_loop_after_s blocks the agent's
  // event loop for block_loop_for_s (the watchdog test's stuck loop).
  std::optional<double> block_loop_after_s;
  double block_loop_for_s = 0;
  double latency_ms = 5;                // answer delay, like a real device
  double voltage_v = 230;               // per-phase voltage reported alongside power
  std::vector<std::string> meters;      // sim devices this one meters (a feeder/main meter)
};

// A simulated device's load model. Meters find the loads they feed by id in a
// process-wide table owned by the sim driver (the core never sees it).
class SimLoad : public std::enable_shared_from_this<SimLoad> {
 public:
  SimLoad(std::string id, LoadProfile profile, Clock::time_point epoch);
  // Power actually drawn at time t, without measurement noise.
  double true_power_w(Clock::time_point t) const;
  // What a meter on this load reads at t: true power plus the meter's noise.
  double measured_power_w(Clock::time_point t);
  const LoadProfile& profile() const { return profile_; }
  double seconds_since_start(Clock::time_point t) const;

  static void publish(const std::shared_ptr<SimLoad>& load);
  static void withdraw(const SimLoad* load);
  static std::shared_ptr<SimLoad> find(const std::string& id);

 private:
  double own_power_w(Clock::time_point t) const;
  std::string id_;
  LoadProfile profile_;
  Clock::time_point epoch_;
  std::uint64_t rng_;
};

}  // namespace sitepower::sim
