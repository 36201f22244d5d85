#include "site_config.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "section.h"

namespace sitepower {
namespace {

const std::regex kIdPattern("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

std::string require_id(Section& s, const std::string& key) {
  const std::string v = s.require_string(key);
  if (!std::regex_match(v, kIdPattern)) {
    s.fail_value(key, "an id of letters, digits, '_', '.', '-' (at most 64, no '/', '+' or '#')");
  }
  return v;
}

std::string file_digest(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 1469598103934665603ULL;
  char c;
  while (in.get(c)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::ostringstream o;
  o << std::hex << std::setw(16) << std::setfill('0') << h;
  return o.str();
}

class TreeBuilder {
 public:
  TreeBuilder(SiteConfig& cfg, const std::set<std::string>& devices) : cfg_(cfg), devices_(devices) {}

  void add(Section& s, int parent) {
    TreeNode n;
    n.id = require_id(s, "id");
    if (!ids_.insert(n.id).second) s.fail_value("id", "a node id not used elsewhere in the tree");
    n.name = s.get_string("name", n.id);
    n.parent = parent;
    if (auto m = s.optional_string("meter")) {
      n.meter = parse_meter(s, *m);
    }
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
    s.finish();
    const int index = static_cast<int>(cfg_.tree.size());
    cfg_.tree.push_back(n);
    if (parent >= 0) cfg_.tree[parent].children.push_back(index);
    for (auto& c : children) add(c, index);
  }

 private:
  MeterRef parse_meter(Section& s, const std::string& text) {
    // "device", "device/channel" or "device/channel/quantity"
    MeterRef ref;
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, '/');) parts.push_back(p);
    if (parts.empty() || parts.size() > 3 || parts[0].empty()) {
      s.fail_value("meter", "'device', 'device/channel' or 'device/channel/quantity'");
    }
    ref.device = parts[0];
    if (parts.size() > 1) ref.channel = parts[1];
    if (parts.size() > 2) ref.quantity = parts[2];
    if (!devices_.count(ref.device)) s.fail_value("meter", "the id of a device listed under devices");
    return ref;
  }

  SiteConfig& cfg_;
  const std::set<std::string>& devices_;
  std::set<std::string> ids_;
};

}  // namespace

SiteConfig load_site_config(const std::string& path, const DriverRegistry& registry,
                            const boost::asio::any_io_executor& executor) {
  Section top = load_yaml_file(path);
  SiteConfig cfg;
  cfg.file = path;
  cfg.digest = file_digest(path);
  const std::string config_dir = std::filesystem::absolute(path).parent_path().string();

  Section site = top.require_section("site");
  cfg.site_id = require_id(site, "id");
  cfg.site_name = site.get_string("name", cfg.site_id);
  cfg.contracted_capacity_w = site.require_number("contracted_capacity_kw", 0.001, 1e7) * 1000;
  cfg.unmetered_tolerance_w = site.get_number("unmetered_tolerance_kw", 1, 0, 1e6) * 1000;
  site.finish();

  Section agent = top.require_section("agent");
  cfg.agent_id = require_id(agent, "id");
  cfg.log_level = agent.get_choice("log_level", "info", {"trace", "debug", "info", "warn", "error", "off"});
  cfg.publish_interval = agent.get_seconds("publish_interval_s", 1, 0.1, 3600);
  cfg.state_dir = agent.get_string("state_dir", "");
  agent.finish();

  if (auto mqtt = top.optional_section("mqtt")) parse_mqtt(*mqtt, config_dir, cfg.mqtt);
  if (auto outbox = top.optional_section("outbox")) parse_outbox(*outbox, cfg.outbox);
  if (cfg.mqtt.client_id.empty()) cfg.mqtt.client_id = "sitepower-" + cfg.agent_id;

  std::set<std::string> device_ids;
  for (auto& d : top.get_list("devices", true)) {
    DeviceConfig dev;
    dev.id = require_id(d, "id");
    if (!device_ids.insert(dev.id).second) d.fail_value("id", "a device id not used by another device");
    dev.driver = d.require_string("driver");
    const DriverFactory* factory = registry.find(dev.driver);
    if (!factory) {
      std::string known;
      for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
      d.fail_value("driver", "one of the built-in drivers: " + known);
    }
    dev.interval = d.get_seconds("interval_s", 1, 0.05, 86400);
    dev.timeout = d.get_seconds("timeout_s", std::chrono::duration<double>(dev.interval).count() * 0.8, 0.01, 3600);
    if (dev.timeout > dev.interval) d.fail_value("timeout_s", "a timeout no longer than interval_s");
    dev.stale_after = d.get_seconds("stale_after_s", std::chrono::duration<double>(dev.interval).count() * 3, 0.05,
                                    86400 * 7);
    if (dev.stale_after < dev.interval) d.fail_value("stale_after_s", "a limit no shorter than interval_s");
    dev.probe_interval = d.get_seconds("probe_interval_s", std::max(30.0, std::chrono::duration<double>(dev.interval).count()),
                                       0.05, 86400);
    if (dev.probe_interval < dev.interval) d.fail_value("probe_interval_s", "a wait no shorter than interval_s");
    dev.instance = (*factory)(d, DriverContext{executor, dev.id, config_dir, dev.timeout, dev.interval});
    d.finish();
    cfg.devices.push_back(std::move(dev));
  }

  Section root = top.require_section("tree");
  TreeBuilder(cfg, device_ids).add(root, -1);
  top.finish();
  return cfg;
}

}  // namespace sitepower
