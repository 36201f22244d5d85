#include "device_state_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

#include "logging.h"

namespace sitepower {

std::string outage_length(std::chrono::steady_clock::duration d) {
  const long long s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s < 120) return fmt::format("{} s", s);
  if (s < 7200) return fmt::format("{} min", s / 60);
  return fmt::format("{} h {} min", s / 3600, s % 3600 / 60);
}

void DeviceStateLog::record(const DeviceConfig& device, const PollResult& result, const PollHealth& health,
                            Clock::time_point now) {
  const DeviceLogScope scope(device.id, device.driver);
  const bool failing = !result.error.empty();
  auto [it, first] = seen_.try_emplace(device.id);
  Seen& s = it->second;
  if (first || failing != s.failing) {
    if (failing) {
      const std::string demoted =
          health.demoted ? fmt::format("; demoted, next probe in {:g} s",
                                       std::chrono::duration<double>(health.next_probe_in).count())
                         : std::string();
      spdlog::warn("device {} ({}) failed: {}{}", device.id, device.driver, result.error, demoted);
    } else if (first) {
      spdlog::debug("device {} ({}) answering", device.id, device.driver);
    } else {
      spdlog::info("device {} ({}) answering again after {}, {} readings lost", device.id, device.driver,
                   outage_length(now - health.failing_since), health.readings_lost);
    }
  } else if (failing && result.error != s.error) {
    spdlog::debug("device {} ({}) still failing ({} polls): {}", device.id, device.driver, health.failed_polls,
                  result.error);
  }
  s = Seen{failing, result.error};
}

void DeviceStateLog::keep_only(const std::vector<DeviceConfig>& devices) {
  std::set<std::string> ids;
  for (const auto& d : devices) ids.insert(d.id);
  std::erase_if(seen_, [&](const auto& entry) { return !ids.contains(entry.first); });
}

}  // namespace sitepower
