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

// Reads each device's rollup values from the store once per split, however
// many nodes and classes add them up.
class RollupReader {
 public:
  RollupReader(const ReadingStore& store, SteadyTime now) : store_(store), now_(now) {}
  // Adds `device`'s rollup values into `into`, unless `device` is already in
  // `seen` (a device referenced twice under one node or class counts once). A
  // device not yet read adds nothing: its power, not its rollups, says so.
  void add(const std::string& device, std::set<std::string>& seen, Rollups& into);

 private:
  const ReadingStore& store_;
  SteadyTime now_;
  std::map<std::string, Rollups> devices_;  // each device's values, one input each
};

}  // namespace sitepower
