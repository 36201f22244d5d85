#include "site_config.h"

#include <filesystem>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "fnv1a.h"
#include "mqtt_names.h"
#include "section.h"
#include "site_tree.h"

namespace sitepower {
namespace {

std::string require_id(Section& s, const std::string& key) {
  const std::string v = s.require_string(key, kMaxIdBytes);
  if (!is_id(v)) s.fail_value(key, kIdExpected);
  return v;
}

std::string text_digest(const std::string& text) {
  std::ostringstream o;
  o << std::hex << std::setw(16) << std::setfill('0') << fnv1a_64(text);
  return o.str();
}

DeviceConfig parse_device(Section& d, const DriverRegistry& registry, const boost::asio::any_io_executor& executor,
                          const std::string& config_dir, std::set<std::string>& ids) {
  DeviceConfig dev;
  dev.id = require_id(d, "id");
  if (!ids.insert(dev.id).second) d.fail_value("id", "a device id not used by another device");
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
  // A limit of one interval would mark every reading stale just before the next poll lands.
  if (dev.stale_after <= dev.interval) d.fail_value("stale_after_s", "a limit longer than interval_s");
  dev.probe_interval = d.get_seconds("probe_interval_s", std::max(30.0, std::chrono::duration<double>(dev.interval).count()),
                                     0.05, 86400);
  if (dev.probe_interval < dev.interval) d.fail_value("probe_interval_s", "a wait no shorter than interval_s");
  try {
    dev.instance = (*factory)(d, DriverContext{executor, dev.id, config_dir, dev.timeout, dev.interval});
  } catch (const std::system_error& e) {  // a profile or file the driver could not read
    d.fail("driver", "a device whose files can be read (" + std::string(e.what()) + ")");
  }
  d.finish();
  return dev;
}

// Devices that include other devices' load (Driver::metered_devices) must form
// a forest: each included device exists, is included by one device only, and
// no device includes itself through others. Walks parent links iteratively.
void check_metered_devices(const std::vector<DeviceConfig>& devices, std::vector<Section>& sections) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < devices.size(); ++i) index.emplace(devices[i].id, i);
  std::vector<std::size_t> included_by(devices.size(), devices.size());  // devices.size(): by none
  for (std::size_t i = 0; i < devices.size(); ++i) {
    for (const auto& id : devices[i].instance->metered_devices()) {
      const auto it = index.find(id);
      if (it == index.end()) sections[i].fail("meters", "ids of devices listed under devices, got '" + id + "'");
      if (it->second == i) sections[i].fail("meters", "other devices than '" + id + "' itself");
      if (included_by[it->second] != devices.size()) {
        sections[i].fail("meters", "devices no other device meters: '" + id + "' is already metered by '" +
                                       devices[included_by[it->second]].id + "'");
      }
      included_by[it->second] = i;
    }
  }
  enum class Mark { Unseen, OnPath, Done };
  std::vector<Mark> mark(devices.size(), Mark::Unseen);
  for (std::size_t start = 0; start < devices.size(); ++start) {
    std::size_t at = start;
    while (at != devices.size() && mark[at] == Mark::Unseen) {
      mark[at] = Mark::OnPath;
      at = included_by[at];
    }
    if (at != devices.size() && mark[at] == Mark::OnPath) {
      std::string loop = devices[at].id;
      for (std::size_t m = included_by[at]; m != at; m = included_by[m]) loop = devices[m].id + " -> " + loop;
      sections[at].fail("meters", "no loop of devices metering each other, got " + devices[at].id + " -> " + loop +
                                      " (each meters the next)");
    }
    for (at = start; at != devices.size() && mark[at] == Mark::OnPath; at = included_by[at]) mark[at] = Mark::Done;
  }
}

}  // namespace

SiteConfig parse_site_config(const std::string& text, const std::string& path, const DriverRegistry& registry,
                             const boost::asio::any_io_executor& executor) {
  Section top = load_yaml_text(text, path);
  SiteConfig cfg;
  cfg.file = path;
  cfg.digest = text_digest(text);
  std::error_code ec;
  const std::string config_dir = std::filesystem::absolute(path, ec).parent_path().string();

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
  auto device_sections = top.get_list("devices", true);
  for (auto& d : device_sections) cfg.devices.push_back(parse_device(d, registry, executor, config_dir, device_ids));
  check_metered_devices(cfg.devices, device_sections);

  Section root = top.require_section("tree");
  build_tree(root, cfg);
  top.finish();
  return cfg;
}

SiteConfig load_site_config(const std::string& path, const DriverRegistry& registry,
                            const boost::asio::any_io_executor& executor) {
  return parse_site_config(read_config_file(path), path, registry, executor);
}

}  // namespace sitepower
