#include "tree_outlets.h"

#include "section.h"

namespace sitepower {
namespace {

constexpr const char* kOutletsExpected =
    "outlet numbers or ranges from 1 (3, \"1-8,12\") or {label: PATTERN} (a name with * and ?, e.g. \"gpu-*\")";
// A label pattern is compared with outlet names, which PDUs keep short.
constexpr std::size_t kMaxPatternBytes = 256;
// A list of outlet numbers: ample for the largest PDUs (48 outlets, any split).
constexpr std::size_t kMaxListBytes = 512;

bool is_ancestor(const std::vector<TreeNode>& tree, int ancestor, int node) {
  for (int at = tree[node].parent; at >= 0; at = tree[at].parent) {
    if (at == ancestor) return true;
  }
  return false;
}

std::string where(const std::vector<TreeNode>& tree, int node, int line) {
  return "node '" + tree[node].id + "' (line " + std::to_string(line) + ")";
}

}  // namespace

OutletSelector read_outlets(Section& s) {
  OutletSelector out;
  if (s.has_mapping("outlets")) {
    Section m = s.require_section("outlets");
    out.label = m.require_string("label", kMaxPatternBytes);
    m.finish();
    out.text = out.label;
    return out;
  }
  out.text = s.require_string("outlets", kMaxListBytes);
  out.ranges = parse_outlet_ranges(out.text);
  if (out.ranges.empty()) s.fail_value("outlets", kOutletsExpected);
  return out;
}

void TreeOutlets::add(const Section& s, const std::vector<TreeNode>& tree, int index) {
  const MeterRef& ref = *tree[index].meter;
  if (ref.quantity != "power") return;
  const Use use{index, s.line()};
  Pdu& pdu = pdus_[ref.device];
  const auto plain_outlet = outlet_index(ref.channel);
  const char* key = ref.outlets ? "outlets" : "meter";
  if (!ref.outlets && !plain_outlet) {
    // Parents come first, so an outlet node already added is not below this one.
    if (!pdu.outlet_nodes.empty()) {
      const Use& other = pdu.outlet_nodes.front();
      s.fail_value(key, "the PDU's inlet above every node counting its outlets: " + where(tree, other.node, other.line) +
                            " counts outlets of " + ref.device + " outside this node, so they would be counted twice");
    }
    pdu.inlets.push_back(use);
    return;
  }
  for (const Use& inlet : pdu.inlets) {
    if (!is_ancestor(tree, inlet.node, index)) {
      s.fail_value(key, "outlets of " + ref.device + " below the node that meters its inlet, " +
                            where(tree, inlet.node, inlet.line) + ", or they would be counted twice");
    }
  }
  pdu.outlet_nodes.push_back(use);
  if (ref.outlets && ref.outlets->by_label()) return;  // matched at run time
  const std::uint32_t n = plain_outlet.value_or(0);
  const OutletSelector one{{{n, n}}, "", std::to_string(n)};
  const OutletSelector& selected = ref.outlets ? *ref.outlets : one;
  // Ranges are disjoint (claimed and selected alike): the one claimed range
  // that could overlap [low, high] is the last starting at or before high.
  for (const auto& [low, high] : selected.ranges) {
    auto it = pdu.claimed.upper_bound(high);
    if (it != pdu.claimed.begin() && (--it)->second.high >= low) {
      const Claim& c = it->second;
      s.fail_value(key, "outlets no other node counts: " + where(tree, c.by.node, c.by.line) + " also counts outlets " +
                            c.text + " of " + ref.device + ", so that power would be counted twice");
    }
  }
  for (const auto& [low, high] : selected.ranges) pdu.claimed.emplace(low, Claim{high, use, selected.text});
}

}  // namespace sitepower
