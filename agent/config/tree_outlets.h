#pragma once
// The site tree's outlet rules: a node's `outlets:` key, and where a PDU's
// outlets may be counted. Refused when the file already shows it:
//  - two nodes selecting the same outlet by index (or one by `meter: pdu/outletN`);
//  - outlets counted outside the node that meters the same PDU's inlet (they
//    would count once in the inlet and again beside it).
// Label patterns are matched at run time; their overlaps are the split's to flag.
#include <cstdint>
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
  };
  struct Claim {
    std::uint32_t high;
    Use by;
    std::string text;  // the claiming node's selection, for the error
  };
  struct Pdu {
    std::vector<Use> inlets;                  // nodes metering its own (non-outlet) power
    std::vector<Use> outlet_nodes;            // nodes counting its outlets
    std::map<std::uint32_t, Claim> claimed;   // low -> disjoint ranges selected by number
  };
  std::map<std::string, Pdu> pdus_;  // by device id
};

}  // namespace sitepower
