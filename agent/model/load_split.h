#pragma once
#include <map>
#include <string>
#include <vector>

#include <optional>

#include "reading_store.h"
#include "reconciliation.h"
#include "rollup.h"
#include "site_model.h"

namespace sitepower {

struct NodePower {
  std::string id;
  std::string parent_id;
  std::string load_class;
  double power_w = 0;
  Quality quality = Quality::Missing;
  double estimated_w = 0;  // the part of power_w that is estimated (ESTIMATED inputs)
  bool metered = false;
  std::string error;
  // For metered nodes with children: meter minus the sum of the children.
  bool has_remainder = false;
  double unmetered_w = 0;
  Quality unmetered_quality = Quality::Missing;
  bool remainder_negative = false;
  // Nodes with `reported` devices: the meter against their sum.
  std::optional<Reconciliation> reconciliation;
  // The rollup values of the devices the node is metered or reported by, or
  // names in `rollups`.
  Rollups rollups;
};

struct ClassTotal {
  double power_w = 0;
  unsigned counted = 0;
  unsigned excluded = 0;
  // "unmetered" only: remainders flagged remainder_negative. Their value is a
  // wiring or tree error, not a load, so it stays on its node and out of power_w.
  unsigned negative = 0;
  // Leaves counted (in `counted` and power_w) whose own value leaves inputs
  // out: a node summing outlets of which some are not GOOD.
  unsigned partial = 0;
  // The part of power_w that is estimated, and how many counted inputs are ESTIMATED.
  double estimated_w = 0;
  unsigned estimates = 0;
  // The rollup values of the devices the class's leaves are metered or
  // reported by, or name in `rollups`.
  Rollups rollups = {};
  // GOOD only when every input is counted whole and measured; ESTIMATED when
  // whole but some estimated; PARTIAL if some are left out (excluded, negative
  // or partial), BAD if none is counted, MISSING if there are none.
  Quality quality() const;
};

struct SplitResult {
  std::vector<NodePower> nodes;  // same order as the config tree
  std::map<std::string, ClassTotal> classes;  // includes "unmetered"
  double site_power_w = 0;
  Quality site_quality = Quality::Missing;
  double site_estimated_w = 0;
  double contracted_w = 0;
  ReconcileBand reconcile_band;  // the site's, as the reconciliations were judged
  // From the site (root) value only. GOOD: contracted - site power.
  // ESTIMATED: the same, but site power rests in part on estimates. PARTIAL:
  // the site power leaves inputs out, so this is an upper bound. Otherwise
  // (BAD, STALE, MISSING) there is no headroom: 0, and headroom_error says why.
  double headroom_w = 0;
  Quality headroom_quality = Quality::Missing;
  std::string headroom_error;
};

// Computes one cycle's split of site power by load class and tree node.
// Stale, bad or missing values are excluded and reported, never counted as 0:
// an aggregate over them is PARTIAL (some inputs left out) or BAD (none left).
class LoadSplit {
 public:
  explicit LoadSplit(const SiteModel& site) : site_(site) {}
  SplitResult compute(const ReadingStore& store, SteadyTime now) const;

 private:
  const SiteModel& site_;
};

}  // namespace sitepower
