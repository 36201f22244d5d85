#include "site_tree.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "mqtt_names.h"
#include "section.h"
#include "tree_outlets.h"

namespace sitepower {
namespace {

// How many of a device's values an error lists before "...".
constexpr std::size_t kListedChannels = 12;

std::string text_of(const MeterRef& m) { return m.device + "/" + m.channel + "/" + m.quantity; }

int line_of(const Section& s) { return s.line(); }

class TreeBuilder {
 public:
  explicit TreeBuilder(SiteConfig& cfg) : cfg_(cfg) {
    for (const auto& d : cfg_.devices) devices_.emplace(d.id, &d);
  }

  void build(Section& root) {
    // Depth first with an explicit stack; children are pushed in reverse so
    // that they come out in file order.
    std::vector<std::pair<Section, int>> pending{{root, -1}};
    while (!pending.empty()) {
      auto [s, parent] = std::move(pending.back());
      pending.pop_back();
      auto children = add(s, parent);
      const int index = static_cast<int>(cfg_.tree.size()) - 1;
      for (auto it = children.rbegin(); it != children.rend(); ++it) pending.emplace_back(std::move(*it), index);
    }
  }

 private:
  std::vector<Section> add(Section& s, int parent) {
    TreeNode n;
    n.id = s.require_string("id", kMaxIdBytes);
    if (!is_id(n.id)) s.fail_value("id", kIdExpected);
    if (!ids_.insert(n.id).second) s.fail_value("id", "a node id not used elsewhere in the tree");
    n.name = s.get_string("name", n.id);
    n.parent = parent;
    if (s.has("meter")) n.meter = parse_meter(s, n.id);
    if (s.has("outlets") && !n.meter) s.fail("meter", "the PDU's device id beside outlets");
    for (const std::string& text : s.get_string_list("reported")) n.reported.push_back(parse_reported(s, text));
    if (!n.reported.empty() && !n.meter) s.fail("meter", "a meter on a node with `reported` devices (reconciled against it)");
    for (const std::string& device : s.get_string_list("rollups")) n.rollups.push_back(parse_rollup_device(s, n, device));
    auto children = s.get_list("children");
    n.load_class = s.get_string("class", "");
    if (!children.empty() && !n.load_class.empty()) {
      s.fail("class", "no class on a node with children (classes belong to leaves)");
    }
    if (children.empty()) {
      if (n.load_class.empty()) s.fail("class", "a load class on a leaf (e.g. mining, ai, cooling, facility)");
      if (n.load_class == "unmetered") s.fail_value("class", "a class other than 'unmetered' (it is computed)");
      if (!n.meter) s.fail("meter", "a meter on a leaf (device id, or device/channel)");
    }
    if (n.meter && n.meter->outlets && !children.empty()) {
      s.fail("outlets", "outlets on a leaf only (a group of outlets is metered by the PDU's inlet)");
    }
    s.finish();
    const int index = static_cast<int>(cfg_.tree.size());
    cfg_.tree.push_back(n);
    if (parent >= 0) cfg_.tree[parent].children.push_back(index);
    if (n.meter) outlets_.add(s, cfg_.tree, index);
    return children;
  }

  // "device", "device/channel" or "device/channel/quantity", each part an id;
  // nullopt if `text` is not that.
  static std::optional<MeterRef> parse_ref(const std::string& text) {
    std::vector<std::string_view> parts;
    std::string_view rest = text;
    for (std::size_t slash; parts.size() < 3 && (slash = rest.find('/')) != std::string_view::npos;) {
      parts.push_back(rest.substr(0, slash));
      rest.remove_prefix(slash + 1);
    }
    parts.push_back(rest);
    for (const auto p : parts) {
      if (parts.size() > 3 || !is_id(p)) return std::nullopt;
    }
    MeterRef ref;
    ref.device = parts[0];
    if (parts.size() > 1) ref.channel = parts[1];
    if (parts.size() > 2) ref.quantity = parts[2];
    return ref;
  }
  static constexpr const char* kRefExpected =
      "'device', 'device/channel' or 'device/channel/quantity', each part an id (no empty part)";

  // A device below the node that reports its own power: checked like a meter,
  // but it feeds no node (the meter is what counts), so it may also meter a leaf.
  // `reported` is a list: errors name the item, not the list.
  MeterRef parse_reported(Section& s, const std::string& text) {
    const std::string got = ", got '" + text + "'";
    const auto ref = parse_ref(text);
    if (!ref) s.fail("reported", std::string(kRefExpected) + got);
    const auto device = devices_.find(ref->device);
    if (device == devices_.end()) s.fail("reported", "ids of devices listed under devices" + got);
    const auto known = device->second->settings->channels();
    if (const auto expected = unproduced(*ref, known)) s.fail("reported", *expected + got);
    return *ref;
  }

  // A device whose fleet figures join the node's (`rollups`): one listed under
  // devices, and not one the node already counts (its meter, `reported` or an
  // earlier `rollups` item): the split would count it once, the config twice.
  std::string parse_rollup_device(Section& s, const TreeNode& n, const std::string& device) {
    const std::string got = ", got '" + device + "'";
    if (!devices_.count(device)) s.fail("rollups", "ids of devices listed under devices" + got);
    const bool counted = (n.meter && n.meter->device == device) ||
                         std::any_of(n.reported.begin(), n.reported.end(), [&](const MeterRef& r) { return r.device == device; }) ||
                         std::find(n.rollups.begin(), n.rollups.end(), device) != n.rollups.end();
    if (counted) {
      s.fail("rollups", "a device not already counted in the node (by its meter, `reported` or `rollups`: its "
                        "figures join once)" + got);
    }
    return device;
  }

  MeterRef parse_meter(Section& s, const std::string& node_id) {
    const std::string text = s.require_string("meter", 3 * kMaxIdBytes + 2);
    const auto parsed = parse_ref(text);
    if (!parsed) s.fail_value("meter", kRefExpected);
    MeterRef ref = *parsed;
    const auto device = devices_.find(ref.device);
    if (device == devices_.end()) s.fail_value("meter", "the id of a device listed under devices");
    const auto known = device->second->settings->channels();
    if (s.has("outlets")) {
      // The sum of outlets: the meter names the PDU; overlaps are TreeOutlets' to check.
      if (text.find('/') != std::string::npos) {
        s.fail_value("meter", "the PDU's device id alone beside outlets (no channel)");
      }
      ref.outlets = read_outlets(s);
      if (known) check_has_outlets(s, ref.device, *known);
      return ref;
    }
    if (const auto expected = unproduced(ref, known)) s.fail_value("meter", *expected);
    const auto [first, added] = feeds_.emplace(text_of(ref), std::make_pair(node_id, line_of(s)));
    if (!added) {
      s.fail_value("meter", "a reading no other node uses: node '" + node_id + "' and node '" + first->second.first +
                                "' (line " + std::to_string(first->second.second) + ") would both count " +
                                text_of(ref) + ", so that power would be counted twice");
    }
    return ref;
  }

  // What is expected instead of `ref` when the device lists its values up
  // front and `ref` is not among them; nullopt when it is (or cannot be known).
  static std::optional<std::string> unproduced(const MeterRef& ref,
                                               const std::optional<std::vector<ChannelQuantity>>& known) {
    if (!known) return std::nullopt;
    for (const auto& cq : *known) {
      if (cq.channel == ref.channel && cq.quantity == ref.quantity) return std::nullopt;
    }
    std::string list;
    for (std::size_t i = 0; i < known->size() && i < kListedChannels; ++i) {
      list += (i ? ", " : "") + (*known)[i].channel + "/" + (*known)[i].quantity;
    }
    if (known->size() > kListedChannels) list += ", ... (" + std::to_string(known->size()) + " in all)";
    return "a channel/quantity that device '" + ref.device + "' produces (" + list + ")";
  }

  // Outlet channels are known only once a PDU is walked; a device that lists
  // its channels up front and has none cannot have outlets.
  static void check_has_outlets(Section& s, const std::string& device, const std::vector<ChannelQuantity>& known) {
    for (const auto& cq : known) {
      if (outlet_index(cq.channel)) return;
    }
    s.fail_value("outlets", "outlets of a device that has them (a PDU); device '" + device + "' has none");
  }

  SiteConfig& cfg_;
  TreeOutlets outlets_;
  std::map<std::string, const DeviceConfig*> devices_;
  std::set<std::string> ids_;
  std::map<std::string, std::pair<std::string, int>> feeds_;  // reading -> (node id, line)
};

}  // namespace

void build_tree(Section& root, SiteConfig& cfg) { TreeBuilder(cfg).build(root); }

}  // namespace sitepower
