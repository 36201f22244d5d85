#pragma once
#include <chrono>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "driver.h"
#include "site_config.h"

namespace sitepower {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// A reading as the store keeps it: the driver's value plus when it arrived.
struct StoredReading {
  std::string device;
  Reading reading;
  SteadyTime at{};
  WallTime wall{};
};

// How a device's last poll ended, for status and logs.
enum class DeviceState { Missing, Ok, Failed };

struct DeviceHealth {
  std::string driver;
  DeviceState state = DeviceState::Missing;
  std::string error;  // last failure, if Failed
  SteadyTime last_good{};
  std::chrono::milliseconds stale_after{};
};

// The latest value of every (device, channel, quantity). A failed poll keeps
// the last good values until they pass the device's stale_after (which is how
// one missed poll is tolerated); the device's health shows the failure at once.
class ReadingStore {
 public:
  void declare(const DeviceConfig& device);
  void update(const std::string& device, const PollResult& result, SteadyTime at, WallTime wall);

  struct Lookup {
    double value = 0;
    Quality quality = Quality::Missing;
    std::string error;
  };
  Lookup get(const MeterRef& ref, SteadyTime now) const;

  // Every stored value with its quality as of `now` (stale applied).
  std::vector<StoredReading> snapshot(SteadyTime now) const;
  const std::map<std::string, DeviceHealth>& devices() const { return health_; }
  bool is_stale(const std::string& device, SteadyTime now) const;

 private:
  Quality effective(const StoredReading& r, SteadyTime now, std::string* error) const;
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, StoredReading> values_;
  std::map<std::string, DeviceHealth> health_;
};

}  // namespace sitepower
