#include "rollup.h"

namespace sitepower {

void add_rollups(const ReadingStore& store, const std::string& device, SteadyTime now, std::set<std::string>& seen,
                 Rollups& into) {
  if (!seen.insert(device).second) return;
  for (const auto& r : store.rollups_of(device, now)) {
    Rollup& rollup = into[r.quantity];
    rollup.unit = r.unit;
    rollup.sum.add(r.lookup.value, r.lookup.estimated, r.lookup.quality, device);
  }
}

}  // namespace sitepower
