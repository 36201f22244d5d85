#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "scheduler.h"
#include "site_config.h"

namespace sitepower {

// Logs each device's poll outcome once per change of state, not once per
// poll: a meter that is dead for a week writes one warning when it fails
// (with its demotion and first probe) and one info line when it answers again
// (how long it was down, how many readings were lost), whatever its poll
// interval. Failed probes in between are only counted (PollHealth); a
// different error while still failing is a debug line.
class DeviceStateLog {
 public:
  using Clock = std::chrono::steady_clock;
  // `health` is the scheduler's count after this poll.
  void record(const DeviceConfig& device, const PollResult& result, const PollHealth& health, Clock::time_point now);
  // Forget devices the new config no longer has.
  void keep_only(const std::vector<DeviceConfig>& devices);

 private:
  struct Seen {
    bool failing = false;
    std::string error;
  };
  std::map<std::string, Seen> seen_;
};

// "45 s", "4 min", "2 h 5 min": how long an outage lasted, for operators.
std::string outage_length(std::chrono::steady_clock::duration d);

}  // namespace sitepower
