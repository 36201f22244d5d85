#include "stream_check.h"

#include <fmt/format.h>

namespace sitepower {

bool StreamCheck::add(const v1::Origin& origin) {
  Stream& s = streams_[{origin.agent_id(), origin.boot_id()}];
  ++s.received;
  return s.seen.insert(origin.sequence()).second;
}

std::uint64_t StreamCheck::missing_in(const Stream& s) {
  return s.seen.empty() ? 0 : *s.seen.rbegin() - *s.seen.begin() + 1 - s.seen.size();
}

std::uint64_t StreamCheck::missing() const {
  std::uint64_t n = 0;
  for (const auto& [key, s] : streams_) n += missing_in(s);
  return n;
}

std::uint64_t StreamCheck::duplicates() const {
  std::uint64_t n = 0;
  for (const auto& [key, s] : streams_) n += s.received - s.seen.size();
  return n;
}

std::string StreamCheck::report() const {
  std::string out;
  for (const auto& [key, s] : streams_) {
    out += fmt::format("agent {} boot {}: {} received, {} unique, sequences {}..{}, {} duplicates, {} missing\n",
                       key.first, key.second, s.received, s.seen.size(), *s.seen.begin(), *s.seen.rbegin(),
                       s.received - s.seen.size(), missing_in(s));
    std::uint64_t prev = *s.seen.begin();
    for (const auto seq : s.seen) {
      if (seq > prev + 1) out += fmt::format("  gap: {}..{} ({} missing)\n", prev + 1, seq - 1, seq - prev - 1);
      prev = seq;
    }
  }
  out += fmt::format("total: {} streams, {} missing, {} duplicates\n", streams_.size(), missing(), duplicates());
  return out;
}

}  // namespace sitepower
