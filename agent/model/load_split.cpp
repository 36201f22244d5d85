#include "load_split.h"

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

}  // namespace

Quality ClassTotal::quality() const {
  const unsigned left_out = excluded + negative + partial;
  if (left_out == 0) return counted ? Quality::Good : Quality::Missing;
  return counted ? Quality::Partial : Quality::Bad;
}

SplitResult LoadSplit::compute(const ReadingStore& store, SteadyTime now) const {
  const auto& tree = site_.tree;
  SplitResult out;
  out.nodes.resize(tree.size());
  out.contracted_w = site_.contracted_capacity_w;

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
    double sum = 0;
    unsigned good = 0;
    unsigned contributed = 0;  // Good or Partial children: their (partial) sums count
    std::string left_out;      // children not good, for the error
    for (int c : t.children) {
      const NodePower& child = out.nodes[c];
      if (child.quality == Quality::Good || child.quality == Quality::Partial) {
        sum += child.power_w;
        ++contributed;
        good += child.quality == Quality::Good;
      }
      if (child.quality != Quality::Good) {
        left_out += (left_out.empty() ? "" : ", ") + child.id + " (" + to_string(child.quality) + ")";
      }
    }
    const bool all_good = good == t.children.size();
    NodePower& n = out.nodes[i];
    if (!t.meter) {
      n.power_w = sum;
      n.quality = all_good ? Quality::Good : (contributed ? Quality::Partial : Quality::Bad);
      if (!all_good) n.error = "inputs not good: " + left_out;
      continue;
    }
    n.has_remainder = true;
    if (n.quality == Quality::Good && all_good) {
      n.unmetered_w = n.power_w - sum;
      n.unmetered_quality = Quality::Good;
      n.remainder_negative = n.unmetered_w < -site_.unmetered_tolerance_w;
    } else {
      n.unmetered_quality = n.quality == Quality::Good ? Quality::Partial : n.quality;
    }
  }

  // Classes: leaves by class, plus the remainders of metered groups.
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const NodePower& n = out.nodes[i];
    if (tree[i].children.empty()) {
      ClassTotal& c = out.classes[n.load_class];
      if (n.quality == Quality::Good || n.quality == Quality::Partial) {
        c.power_w += n.power_w;
        ++c.counted;
        c.partial += n.quality == Quality::Partial;
      } else {
        ++c.excluded;
      }
    } else if (n.has_remainder) {
      ClassTotal& c = out.classes["unmetered"];
      if (n.remainder_negative) {
        ++c.negative;
      } else if (n.unmetered_quality == Quality::Good) {
        c.power_w += n.unmetered_w;
        ++c.counted;
      } else {
        ++c.excluded;
      }
    }
  }

  out.site_power_w = out.nodes[0].power_w;
  out.site_quality = out.nodes[0].quality;
  set_headroom(out, out.nodes[0]);
  return out;
}

}  // namespace sitepower
