#pragma once
// Sums over devices of the values their drivers mark Reading::rollup (a row's
// miners mining, hashrate, curtailed power), per tree node and per load class.
#include <map>
#include <set>
#include <string>

#include "quality_sum.h"
#include "reading_store.h"

namespace sitepower {

struct Rollup {
  std::string unit;
  QualitySum sum;  // over devices: each device's value of this quantity
};
using Rollups = std::map<std::string, Rollup>;  // by quantity

// Adds `device`'s rollup values into `into`, unless `device` is already in
// `seen` (a device referenced twice under one node or class counts once). A
// device not yet read adds nothing: its power, not its rollups, says so.
void add_rollups(const ReadingStore& store, const std::string& device, SteadyTime now, std::set<std::string>& seen,
                 Rollups& into);

}  // namespace sitepower
