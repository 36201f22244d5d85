#include "tree_outlets.h"

#include "section.h"

namespace sitepower {
namespace {

constexpr const char* kOutletsExpected =
    "outlet numbers or ranges from 1 (3, \"1-8,12\") or {label: PATTERN} (a name with * and ?, e.g. \"gpu-*\")";
// A label pattern is compared with outlet names, which PDUs keep short.
constexpr std::size_t kMaxPatternBytes = 256;

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
  out.text = s.require_string("outlets", kMaxStringBytes);
  out.ranges = parse_outlet_ranges(out.text);
  if (out.ranges.empty()) s.fail_value("outlets", kOutletsExpected);
  return out;
}

void TreeOutlets::add(const Section& s, const std::vector<TreeNode>& tree, int index) {
  const MeterRef& ref = *tree[index].meter;
  if (ref.quantity != "power") return;
  Use use{index, s.line(), false, {}};
  const auto plain_outlet = outlet_index(ref.channel);
  if (ref.outlets) use.outlets = *ref.outlets;
  else if (plain_outlet) use.outlets = {{{*plain_outlet, *plain_outlet}}, "", std::to_string(*plain_outlet)};
  else use.inlet = true;
  const char* key = ref.outlets ? "outlets" : "meter";

  auto& uses = uses_[ref.device];
  for (const Use& other : uses) {
    if (use.inlet && !other.inlet) {
      // Parents come first, so an outlet node already added is not below this one.
      s.fail_value(key, "the PDU's inlet above every node counting its outlets: " + where(tree, other.node, other.line) +
                            " counts outlets of " + ref.device + " outside this node, so they would be counted twice");
    }
    if (!use.inlet && other.inlet && !is_ancestor(tree, other.node, index)) {
      s.fail_value(key, "outlets of " + ref.device + " below the node that meters its inlet, " +
                            where(tree, other.node, other.line) + ", or they would be counted twice");
    }
    if (!use.inlet && !other.inlet && use.outlets.overlaps(other.outlets)) {
      s.fail_value(key, "outlets no other node counts: " + where(tree, other.node, other.line) + " also counts outlets " +
                            other.outlets.text + " of " + ref.device + ", so that power would be counted twice");
    }
  }
  uses.push_back(std::move(use));
}

}  // namespace sitepower
