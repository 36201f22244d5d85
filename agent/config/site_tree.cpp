#include "site_tree.h"

#include <map>
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

  // "device", "device/channel" or "device/channel/quantity", each part an id.
  static MeterRef parse_ref(Section& s, const std::string& key, const std::string& text) {
    std::vector<std::string_view> parts;
    std::string_view rest = text;
    for (std::size_t slash; parts.size() < 3 && (slash = rest.find('/')) != std::string_view::npos;) {
      parts.push_back(rest.substr(0, slash));
      rest.remove_prefix(slash + 1);
    }
    parts.push_back(rest);
    for (const auto p : parts) {
      if (parts.size() > 3 || !is_id(p)) {
        s.fail_value(key, "'device', 'device/channel' or 'device/channel/quantity', each part an id (no empty part)");
      }
    }
    MeterRef ref;
    ref.device = parts[0];
    if (parts.size() > 1) ref.channel = parts[1];
    if (parts.size() > 2) ref.quantity = parts[2];
    return ref;
  }

  const DeviceConfig& device_of(Section& s, const std::string& key, const std::string& id) const {
    const auto device = devices_.find(id);
    if (device == devices_.end()) s.fail_value(key, "the id of a device listed under devices");
    return *device->second;
  }

  // A device below the node that reports its own power: checked like a meter,
  // but it feeds no node (the meter is what counts), so it may also meter a leaf.
  MeterRef parse_reported(Section& s, const std::string& text) {
    const MeterRef ref = parse_ref(s, "reported", text);
    if (!devices_.contains(ref.device)) s.fail("reported", "ids of devices listed under devices, got '" + text + "'");
    const auto known = device_of(s, "reported", ref.device).settings->channels();
    if (known) check_produced(s, "reported", ref, *known);
    return ref;
  }

  MeterRef parse_meter(Section& s, const std::string& node_id) {
    const std::string text = s.require_string("meter", 3 * kMaxIdBytes + 2);
    MeterRef ref = parse_ref(s, "meter", text);
    const bool has_channel = text.find('/') != std::string::npos;
    const auto known = device_of(s, "meter", ref.device).settings->channels();
    if (s.has("outlets")) {
      // The sum of outlets: the meter names the PDU; overlaps are TreeOutlets' to check.
      if (has_channel) s.fail_value("meter", "the PDU's device id alone beside outlets (no channel)");
      ref.outlets = read_outlets(s);
      if (known) check_has_outlets(s, ref.device, *known);
      return ref;
    }
    if (known) check_produced(s, "meter", ref, *known);
    const auto [first, added] = feeds_.emplace(text_of(ref), std::make_pair(node_id, line_of(s)));
    if (!added) {
      s.fail_value("meter", "a reading no other node uses: node '" + node_id + "' and node '" + first->second.first +
                                "' (line " + std::to_string(first->second.second) + ") would both count " +
                                text_of(ref) + ", so that power would be counted twice");
    }
    return ref;
  }

  static void check_produced(Section& s, const std::string& key, const MeterRef& ref,
                             const std::vector<ChannelQuantity>& known) {
    for (const auto& cq : known) {
      if (cq.channel == ref.channel && cq.quantity == ref.quantity) return;
    }
    std::string list;
    for (std::size_t i = 0; i < known.size() && i < kListedChannels; ++i) {
      list += (i ? ", " : "") + known[i].channel + "/" + known[i].quantity;
    }
    if (known.size() > kListedChannels) list += ", ... (" + std::to_string(known.size()) + " in all)";
    const std::string expected = "a channel/quantity that device '" + ref.device + "' produces (" + list + ")";
    if (key == "reported") s.fail(key, expected + ", got '" + text_of(ref) + "'");  // a list: name the item
    s.fail_value(key, expected);
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
