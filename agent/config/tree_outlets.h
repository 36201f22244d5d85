#pragma once
// The site tree's outlet rules: a node's `outlets:` key, and where a PDU's
// outlets may be counted. Refused when the file already shows it:
//  - two nodes selecting the same outlet by index (or one by `meter: pdu/outletN`);
//  - outlets counted outside the node that meters the same PDU's inlet (they
//    would count once in the inlet and again beside it).
// Label patterns are matched at run time; their overlaps are the split's to flag.
#include <map>
#include <string>
#include <vector>

#include "site_model.h"

namespace sitepower {

class Section;

// `outlets: 3`, `outlets: "1-8,12"` or `outlets: {label: "gpu-*"}`.
OutletSelector read_outlets(Section& s);

class TreeOutlets {
 public:
  // Checks tree[index] (just added, its parents before it) against the nodes
  // added before; `s` is its section, for file:line:key errors.
  void add(const Section& s, const std::vector<TreeNode>& tree, int index);

 private:
  struct Use {
    int node;
    int line;
    bool inlet;              // meters the PDU's own (non-outlet) power
    OutletSelector outlets;  // else: the outlets it counts
  };
  std::map<std::string, std::vector<Use>> uses_;  // device -> nodes counting its power
};

}  // namespace sitepower
