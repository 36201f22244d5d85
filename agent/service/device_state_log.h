#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "site_config.h"

namespace sitepower {

// Logs each device's poll outcome once per change of state, not once per
// poll: a meter that is dead for a week writes one warning when it fails and
// one info line when it answers again (with how long it was down), whatever
// its poll interval. A different error while still failing is a debug line.
class DeviceStateLog {
 public:
  using Clock = std::chrono::steady_clock;
  void record(const DeviceConfig& device, const PollResult& result, Clock::time_point now);
  // Forget devices the new config no longer has.
  void keep_only(const std::vector<DeviceConfig>& devices);

 private:
  struct Seen {
    bool failing = false;
    std::string error;
    unsigned long failed_polls = 0;
    Clock::time_point since{};
  };
  std::map<std::string, Seen> seen_;
};

}  // namespace sitepower
