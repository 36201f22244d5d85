#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace sitepower {

// The agent's progress markers. Each expected heartbeat has a deadline: the
// longest time that may pass between two beats while the agent is healthy
// (e.g. a device's poll must finish within its interval plus its timeout,
// since the scheduler bounds every poll by its timeout).
class Heartbeats {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts (or restarts) watching `name`; it counts as having beaten at `now`.
  void expect(const std::string& name, std::chrono::milliseconds max_gap, Clock::time_point now);
  void beat(const std::string& name, Clock::time_point now);
  void clear() { beats_.clear(); }
  // The first heartbeat past its deadline at `now`, described; none if all are fresh.
  std::optional<std::string> stalled(Clock::time_point now) const;

 private:
  struct Beat {
    std::chrono::milliseconds max_gap;
    Clock::time_point last;
  };
  std::map<std::string, Beat> beats_;
};

}  // namespace sitepower
