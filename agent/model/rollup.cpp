#include "rollup.h"

namespace sitepower {

void RollupReader::add(const std::string& device, std::set<std::string>& seen, Rollups& into) {
  if (!seen.insert(device).second) return;
  auto [it, fresh] = devices_.try_emplace(device);
  if (fresh) {
    for (const auto& r : store_.rollups_of(device, now_)) {
      Rollup& rollup = it->second[r.quantity];
      rollup.unit = r.unit;
      rollup.sum.add(r.lookup.value, r.lookup.estimated, r.lookup.quality, device);
    }
  }
  for (const auto& [quantity, rollup] : it->second) {
    Rollup& sum = into[quantity];
    sum.unit = rollup.unit;
    sum.sum.merge(rollup.sum);
  }
}

}  // namespace sitepower
