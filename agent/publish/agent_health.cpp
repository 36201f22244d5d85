#include "agent_health.h"

namespace sitepower {

std::map<std::string, DriverCounts> count_devices(const std::vector<DeviceCondition>& devices) {
  std::map<std::string, DriverCounts> out;
  for (const DeviceCondition& d : devices) {
    DriverCounts& c = out[d.driver];
    if (d.quality == Quality::Good) {
      ++c.ok;
    } else if (d.quality == Quality::Stale) {
      ++c.stale;
    } else {
      ++c.bad;
    }
  }
  return out;
}

}  // namespace sitepower
