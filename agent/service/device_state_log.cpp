#include "device_state_log.h"

#include <spdlog/spdlog.h>

#include <set>

#include "logging.h"

namespace sitepower {

void DeviceStateLog::record(const DeviceConfig& device, const PollResult& result, Clock::time_point now) {
  const DeviceLogScope scope(device.id, device.driver);
  const bool failing = !result.error.empty();
  auto [it, first] = seen_.try_emplace(device.id);
  Seen& s = it->second;
  if (first || failing != s.failing) {
    if (failing) {
      spdlog::warn("device {} ({}) failed: {}", device.id, device.driver, result.error);
    } else if (first) {
      spdlog::debug("device {} ({}) answering", device.id, device.driver);
    } else {
      const auto down = std::chrono::duration_cast<std::chrono::seconds>(now - s.since);
      spdlog::info("device {} ({}) answering again after {} failed polls ({} s)", device.id, device.driver,
                   s.failed_polls, down.count());
    }
    s = Seen{failing, result.error, 0, now};
  } else if (failing && result.error != s.error) {
    spdlog::debug("device {} ({}) still failing: {}", device.id, device.driver, result.error);
    s.error = result.error;
  }
  if (failing) ++s.failed_polls;
}

void DeviceStateLog::keep_only(const std::vector<DeviceConfig>& devices) {
  std::set<std::string> ids;
  for (const auto& d : devices) ids.insert(d.id);
  std::erase_if(seen_, [&](const auto& entry) { return !ids.contains(entry.first); });
}

}  // namespace sitepower
