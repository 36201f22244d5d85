#include "heartbeats.h"

#include <fmt/format.h>

namespace sitepower {

void Heartbeats::expect(const std::string& name, std::chrono::milliseconds max_gap, Clock::time_point now) {
  beats_[name] = Beat{max_gap, now};
}

void Heartbeats::beat(const std::string& name, Clock::time_point now) {
  if (auto it = beats_.find(name); it != beats_.end()) it->second.last = now;
}

std::optional<std::string> Heartbeats::stalled(Clock::time_point now) const {
  for (const auto& [name, b] : beats_) {
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(now - b.last);
    if (gap > b.max_gap) {
      return fmt::format("{}: no progress for {} ms (limit {} ms)", name, gap.count(), b.max_gap.count());
    }
  }
  return std::nullopt;
}

}  // namespace sitepower
