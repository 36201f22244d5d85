#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reading_store.h"

namespace sitepower {

struct DriverCounts {
  unsigned ok = 0, stale = 0, bad = 0;
};

// What the status message reports besides identity.
struct AgentHealth {
  WallTime started{};
  std::map<std::string, DriverCounts> drivers;
  std::vector<DeviceCondition> devices;  // every configured device, config order
  std::uint64_t queue_depth = 0;
  WallTime last_publish{};
  std::uint64_t dropped = 0;
  std::string outbox_mode;
  double outbox_capacity_hours = 0;  // 0: not known yet
};

// Counts devices by driver, by the quality their readings have (ReadingStore::devices):
// GOOD is ok, STALE is stale, BAD and MISSING (no usable value) are bad.
std::map<std::string, DriverCounts> count_devices(const std::vector<DeviceCondition>& devices);

}  // namespace sitepower
