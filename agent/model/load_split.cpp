#include "load_split.h"

#include <set>

#include "outlet_sum.h"

namespace sitepower {
namespace {

// Headroom is contracted minus the site value, and only as good as that value.
void set_headroom(SplitResult& out, const NodePower& root) {
  out.headroom_quality = root.quality;
  switch (root.quality) {
    case Quality::Good:
      out.headroom_w = out.contracted_w - root.power_w;
      return;
    case Quality::Estimated:
      out.headroom_w = out.contracted_w - root.power_w;
      out.headroom_error = "site power includes " + std::to_string(static_cast<long long>(root.estimated_w)) +
                           " W estimated";
      return;
    case Quality::Partial:
      out.headroom_w = out.contracted_w - root.power_w;
      out.headroom_error = "upper bound: site power is partial (" + root.error + ")";
      return;
    case Quality::Bad:
    case Quality::Stale:
    case Quality::Missing:
      out.headroom_w = 0;
      out.headroom_error = std::string("site power is ") + to_string(root.quality) +
                           (root.error.empty() ? "" : ": " + root.error);
      return;
  }
}

bool whole(Quality q) { return q == Quality::Good || q == Quality::Estimated; }

// Adds the rollup values of the devices a node is metered or reported by, and
// of those its `rollups` name.
void add_node_rollups(RollupReader& reader, const TreeNode& t, std::set<std::string>& seen, Rollups& into) {
  if (t.meter) reader.add(t.meter->device, seen, into);
  for (const MeterRef& r : t.reported) reader.add(r.device, seen, into);
  for (const std::string& device : t.rollups) reader.add(device, seen, into);
}

void add_to_class(ClassTotal& c, const NodePower& leaf) {
  if (!has_value(leaf.quality)) {
    ++c.excluded;
    return;
  }
  c.power_w += leaf.power_w;
  c.estimated_w += leaf.estimated_w;
  ++c.counted;
  c.partial += leaf.quality == Quality::Partial;
  c.estimates += leaf.quality == Quality::Estimated;
}

}  // namespace

Quality ClassTotal::quality() const {
  const unsigned left_out = excluded + negative + partial;
  if (left_out == 0) return counted ? (estimates ? Quality::Estimated : Quality::Good) : Quality::Missing;
  return counted ? Quality::Partial : Quality::Bad;
}

SplitResult LoadSplit::compute(const ReadingStore& store, SteadyTime now) const {
  const auto& tree = site_.tree;
  SplitResult out;
  out.nodes.resize(tree.size());
  out.contracted_w = site_.contracted_capacity_w;
  out.reconcile_band = site_.reconcile;

  // Leaves and metered nodes first: their power is their own meter's value,
  // or the sum of the outlets they select. Outlets named by index (or by a
  // plain meter) are claimed before label patterns, so an outlet that a
  // pattern also matches at run time is left out of the pattern's node.
  OutletClaims claims;
  for (const bool labels : {false, true}) {
    for (std::size_t i = 0; i < tree.size(); ++i) {
      const TreeNode& t = tree[i];
      if (!t.meter || (t.meter->outlets && t.meter->outlets->by_label()) != labels) continue;
      NodePower& n = out.nodes[i];
      n.metered = true;
      if (t.meter->outlets) {
        const OutletSum sum = sum_outlets(store, *t.meter, t.id, now, claims);
        n.power_w = sum.power_w;
        n.quality = sum.quality;
        n.error = sum.error;
        continue;
      }
      claim_outlet_meter(*t.meter, t.id, claims);
      const auto l = store.get(*t.meter, now);
      n.power_w = l.value;
      n.quality = l.quality;
      n.error = l.error;
      n.estimated_w = l.estimated;
    }
  }
  for (std::size_t i = 0; i < tree.size(); ++i) {
    NodePower& n = out.nodes[i];
    n.id = tree[i].id;
    n.parent_id = tree[i].parent >= 0 ? tree[tree[i].parent].id : "";
    n.load_class = tree[i].load_class;
  }
  // Unmetered groups sum their children, bottom-up (children follow parents).
  for (std::size_t i = tree.size(); i-- > 0;) {
    const TreeNode& t = tree[i];
    if (t.children.empty()) continue;
    QualitySum children;
    for (int c : t.children) {
      const NodePower& child = out.nodes[c];
      children.add(child.power_w, child.estimated_w, child.quality, child.id);
    }
    NodePower& n = out.nodes[i];
    if (!t.meter) {
      n.power_w = children.value;
      n.estimated_w = children.estimated;
      n.quality = children.quality();
      if (!children.why.empty()) n.error = "inputs not good: " + children.why;
      continue;
    }
    n.has_remainder = true;
    if (whole(n.quality) && whole(children.quality())) {
      n.unmetered_w = n.power_w - children.value;
      n.unmetered_quality =
          n.quality == Quality::Estimated || children.quality() == Quality::Estimated ? Quality::Estimated : Quality::Good;
      n.remainder_negative = n.unmetered_w < -site_.unmetered_tolerance_w;
    } else {
      n.unmetered_quality = whole(n.quality) ? Quality::Partial : n.quality;
    }
  }

  // Reconciliations and rollups of the nodes that have reporting devices.
  RollupReader rollups(store, now);
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const TreeNode& t = tree[i];
    NodePower& n = out.nodes[i];
    std::set<std::string> seen;
    add_node_rollups(rollups, t, seen, n.rollups);
    if (t.reported.empty()) continue;
    QualitySum reported;
    for (const MeterRef& r : t.reported) {
      const auto l = store.get(r, now);
      reported.add(l.value, l.estimated, l.quality, r.device);
    }
    n.reconciliation = reconcile(n.power_w, n.quality, n.error, reported, site_.reconcile);
  }

  // Classes: leaves by class, plus the remainders of metered groups.
  std::map<std::string, std::set<std::string>> class_devices;  // rollups count a device once per class
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const NodePower& n = out.nodes[i];
    if (tree[i].children.empty()) {
      ClassTotal& c = out.classes[n.load_class];
      add_to_class(c, n);
      add_node_rollups(rollups, tree[i], class_devices[n.load_class], c.rollups);
    } else if (n.has_remainder) {
      ClassTotal& c = out.classes["unmetered"];
      if (n.remainder_negative) {
        ++c.negative;
      } else if (whole(n.unmetered_quality)) {
        c.power_w += n.unmetered_w;
        ++c.counted;
        c.estimates += n.unmetered_quality == Quality::Estimated;
      } else {
        ++c.excluded;
      }
    }
  }

  out.site_power_w = out.nodes[0].power_w;
  out.site_quality = out.nodes[0].quality;
  out.site_estimated_w = out.nodes[0].estimated_w;
  set_headroom(out, out.nodes[0]);
  return out;
}

}  // namespace sitepower
