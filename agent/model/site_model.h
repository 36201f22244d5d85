#pragma once
#include <optional>
#include <string>
#include <vector>

#include "outlet_selector.h"

namespace sitepower {

// Where a tree node's power comes from: a device value, or with `outlets` the
// sum of the selected outlets' values of the device (a PDU; channel unused).
struct MeterRef {
  std::string device;
  std::string channel = "total";
  std::string quantity = "power";
  std::optional<OutletSelector> outlets = std::nullopt;
};

struct TreeNode {
  std::string id;
  std::string name;
  std::optional<MeterRef> meter;  // none: the node's power is the sum of its children
  std::string load_class;         // leaves only
  int parent = -1;
  std::vector<int> children;
  // Devices below this node that report their own power (a row's miners, a
  // rack's GPU servers): their sum is reconciled against `meter`, never counted
  // into the split (the meter is). Their rollup values join the node's.
  std::vector<MeterRef> reported = {};
  // Devices whose fleet figures (Reading::rollup) join this node's rollups and
  // its class's, though they are neither its power nor `reported`: a GPU
  // server's DCGM endpoint, beside the BMC that reports its chassis power.
  std::vector<std::string> rollups = {};
};

// When a reconciliation's ratio (reported / measured) raises its flag.
struct ReconcileBand {
  double ratio_min = 0.80;
  double ratio_max = 1.05;
  // Below this measured power the ratio is shown but not judged: a curtailed
  // row's few hundred watts make any ratio noise.
  double min_measured_w = 1000;
};

// The site as the split sees it: its tree and its grid contract. SiteConfig
// (agent/config) extends it with everything else the file says.
struct SiteModel {
  double contracted_capacity_w = 0;
  double unmetered_tolerance_w = 0;
  ReconcileBand reconcile;
  std::vector<TreeNode> tree;  // tree[0] is the root; parents before children
};

}  // namespace sitepower
