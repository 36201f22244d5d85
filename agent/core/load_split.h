#pragma once
#include <map>
#include <string>
#include <vector>

#include "reading_store.h"
#include "site_config.h"

namespace sitepower {

struct NodePower {
  std::string id;
  std::string parent_id;
  std::string load_class;
  double power_w = 0;
  Quality quality = Quality::Missing;
  bool metered = false;
  std::string error;
  // For metered nodes with children: meter minus the sum of the children.
  bool has_remainder = false;
  double unmetered_w = 0;
  Quality unmetered_quality = Quality::Missing;
  bool remainder_negative = false;
};

struct ClassTotal {
  double power_w = 0;
  unsigned counted = 0;
  unsigned excluded = 0;
  Quality quality() const;
};

struct SplitResult {
  std::vector<NodePower> nodes;  // same order as the config tree
  std::map<std::string, ClassTotal> classes;  // includes "unmetered"
  double site_power_w = 0;
  Quality site_quality = Quality::Missing;
  double contracted_w = 0;
  double headroom_w = 0;
};

// Computes one cycle's split of site power by load class and tree node.
// Stale, bad or missing values are excluded and reported, never counted as 0:
// an aggregate over them is PARTIAL (some inputs left out) or BAD (none left).
class LoadSplit {
 public:
  explicit LoadSplit(const SiteConfig& config) : config_(config) {}
  SplitResult compute(const ReadingStore& store, SteadyTime now) const;

 private:
  const SiteConfig& config_;
};

}  // namespace sitepower
