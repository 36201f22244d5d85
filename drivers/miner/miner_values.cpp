#include "miner_values.h"

#include <algorithm>

namespace sitepower::miner {

std::size_t extract(const Profile& profile, const Read& read, const Reply& reply, MinerValues& values) {
  std::size_t found = 0;
  for (const Field& f : read.fields) {
    auto v = number_at(reply.doc, f.path);
    if (!v) continue;
    if (f.negative_unavailable && *v < 0) continue;
    ++found;
    const double value = *v * f.scale;
    auto [it, fresh] = values.try_emplace(f.quantity, value);
    if (fresh) continue;
    switch (profile.combine_of(f.quantity)) {
      case Combine::First: break;
      case Combine::Max: it->second = std::max(it->second, value); break;
      case Combine::Min: it->second = std::min(it->second, value); break;
      case Combine::Sum: it->second += value; break;
    }
  }
  return found;
}

const Profile* detect_family(const std::vector<Profile>& profiles, std::string_view version_reply) {
  for (const Profile& p : profiles) {
    for (const std::string& needle : p.detect) {
      if (version_reply.find(needle) != std::string_view::npos) return &p;
    }
  }
  return nullptr;
}

}  // namespace sitepower::miner
