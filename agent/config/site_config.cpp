#include "site_config.h"

#include <filesystem>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "alarm_config.h"
#include "fnv1a.h"
#include "mqtt_names.h"
#include "option_table.h"
#include "section.h"
#include "site_tree.h"

namespace sitepower {
namespace {

const OptionTable kSite{
    "site",
    "the site this agent measures",
    {
        Option::string("id", kMaxIdBytes).require().help("site id, in every topic and message (letters, digits, '_', '.', '-')"),
        Option::string("name").derived("site.id").help("a readable name"),
        Option::number("contracted_capacity_kw", 0.001, 1e7).require().help("the grid connection's contracted capacity"),
        Option::number("unmetered_tolerance_kw", 0, 1e6).def(1.0)
            .help("unmetered power (main meter minus the metered loads) within this is not flagged"),
        Option::number("reconcile_ratio_min", 0, 10).def(0.80)
            .help("a tree node's `reported` devices' power over its meter's below this raises out_of_band"),
        Option::number("reconcile_ratio_max", 0, 10).def(1.05)
            .help("... and above this (miners typically report 5-20 % below their meter)"),
        Option::number("reconcile_min_kw", 0, 1e6).def(1.0)
            .help("below this metered power a reconciliation's ratio is shown but not judged"),
        Option::integer("demand_window_min", 1, 60).def(15.0)
            .help("the utility's demand interval: windows aligned to the clock (UTC), a divisor of 60"),
        Option::seconds("energy_gap_s", 1, 3600).derived("3 × agent.publish_interval_s, at least 10")
            .help("two cycles further apart than this leave unknown energy between them, never interpolated"),
        Option::integer("billing_day", 1, 28).def(1.0)
            .help("the day of the month (00:00 UTC) a billing period starts: the peak demand starts again then"),
    }};

const OptionTable kAgent{
    "agent",
    "this agent",
    {
        Option::string("id", kMaxIdBytes).require().help("agent id, in every topic and message (letters, digits, '_', '.', '-')"),
        Option::choice("log_level", {"trace", "debug", "info", "warn", "error", "off"}).def("info").help("log verbosity"),
        Option::seconds("publish_interval_s", 0.1, 3600).def(1.0).help("how often a telemetry message is published"),
        Option::choice("telemetry_form", {"full", "compact"}).def("full")
            .help("full: every reading names its device, channel and unit; compact: values by their place in the "
                  "retained inventory's catalogue, about 4 bytes a reading (docs/compact-telemetry.md)"),
        Option::string("state_dir").derived("$STATE_DIRECTORY, else /var/lib/sitepower")
            .help("where the outbox and status.json live"),
    }};

// A device's core keys; its driver's table adds the rest (DriverKind::options).
const OptionTable kDevice{
    "device",
    "one item of `devices:`; the keys of its driver (--describe DRIVER) go in the same mapping",
    {
        Option::string("id", kMaxIdBytes).require().help("device id, unique in the file; tree nodes meter it by this id"),
        Option::string("driver").require().help("the kind of device: a built-in driver (--describe lists them)"),
        Option::seconds("interval_s", 0.05, 86400).def(1.0).help("how often the device is polled"),
        Option::seconds("timeout_s", 0.01, 3600).derived("0.8 × interval_s")
            .help("one poll's limit; at most interval_s"),
        Option::seconds("stale_after_s", 0.05, 86400 * 7).derived("3 × interval_s")
            .help("a reading older than this is stale; more than interval_s"),
        Option::seconds("probe_interval_s", 0.05, 86400).derived("30, or interval_s if longer")
            .help("longest wait between probes of a failing device; at least interval_s"),
    }};

std::string checked_id(const OptionValues& v, const std::string& key) {
  const std::string id = v.string(key);
  if (!is_id(id)) v.fail_value(key, kIdExpected);
  return id;
}

std::string text_digest(const std::string& text) {
  std::ostringstream o;
  o << std::hex << std::setw(16) << std::setfill('0') << fnv1a_64(text);
  return o.str();
}

DeviceConfig parse_device(Section& d, const DriverRegistry& registry, const std::string& config_dir,
                          std::set<std::string>& ids) {
  const OptionValues core = kDevice.read_keys(d);
  DeviceConfig dev;
  dev.id = checked_id(core, "id");
  if (!ids.insert(dev.id).second) d.fail_value("id", "a device id not used by another device");
  dev.driver = core.string("driver");
  const DriverKind* kind = registry.find(dev.driver);
  if (!kind) {
    std::string known;
    for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
    d.fail_value("driver", "one of the built-in drivers: " + known);
  }
  dev.interval = core.seconds("interval_s");
  const double interval_s = std::chrono::duration<double>(dev.interval).count();
  dev.timeout = core.seconds_or("timeout_s", interval_s * 0.8);
  if (dev.timeout > dev.interval) d.fail_value("timeout_s", "a timeout no longer than interval_s");
  dev.stale_after = core.seconds_or("stale_after_s", interval_s * 3);
  // A limit of one interval would mark every reading stale just before the next poll lands.
  if (dev.stale_after <= dev.interval) d.fail_value("stale_after_s", "a limit longer than interval_s");
  dev.probe_interval = core.seconds_or("probe_interval_s", std::max(30.0, interval_s));
  if (dev.probe_interval < dev.interval) d.fail_value("probe_interval_s", "a wait no shorter than interval_s");
  const OptionValues own = kind->options->read_keys(d);
  try {
    dev.settings = kind->parse(own, DriverContext{dev.id, config_dir, dev.timeout, dev.interval});
  } catch (const std::system_error& e) {  // a profile or file the driver could not read
    d.fail("driver", "a device whose files can be read (" + std::string(e.what()) + ")");
  }
  d.finish();
  return dev;
}

// Devices that include other devices' load (DeviceSettings::metered_devices) must form
// a forest: each included device exists, is included by one device only, and
// no device includes itself through others. Walks parent links iteratively.
void check_metered_devices(const std::vector<DeviceConfig>& devices, std::vector<Section>& sections) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < devices.size(); ++i) index.emplace(devices[i].id, i);
  std::vector<std::size_t> included_by(devices.size(), devices.size());  // devices.size(): by none
  for (std::size_t i = 0; i < devices.size(); ++i) {
    for (const auto& id : devices[i].settings->metered_devices()) {
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

const std::vector<const OptionTable*>& core_option_tables() {
  static const std::vector<const OptionTable*> tables{&kSite, &kAgent, &mqtt_options(), &tls_options(), &outbox_options(),
                                                      &alarm_options(), &kDevice};
  return tables;
}

SiteConfig parse_site_config(const std::string& text, const std::string& path, const DriverRegistry& registry) {
  Section top = load_yaml_text(text, path);
  SiteConfig cfg;
  cfg.file = path;
  cfg.digest = text_digest(text);
  std::error_code ec;
  const std::string config_dir = std::filesystem::absolute(path, ec).parent_path().string();

  Section site_section = top.require_section("site");
  const OptionValues site = kSite.read(site_section);
  cfg.site_id = checked_id(site, "id");
  cfg.site_name = site.string_or("name", cfg.site_id);
  cfg.contracted_capacity_w = site.number("contracted_capacity_kw") * 1000;
  cfg.unmetered_tolerance_w = site.number("unmetered_tolerance_kw") * 1000;
  cfg.reconcile.ratio_min = site.number("reconcile_ratio_min");
  cfg.reconcile.ratio_max = site.number("reconcile_ratio_max");
  cfg.reconcile.min_measured_w = site.number("reconcile_min_kw") * 1000;
  cfg.demand_window = std::chrono::minutes(site.integer("demand_window_min"));
  cfg.billing_day = static_cast<int>(site.integer("billing_day"));
  if (site.has("energy_gap_s")) cfg.energy_gap = site.seconds("energy_gap_s");
  if (60 % cfg.demand_window.count() != 0) {
    site.fail_value("demand_window_min", "a divisor of 60 (5, 10, 15, 30, 60), so that windows align to the hour");
  }
  if (cfg.reconcile.ratio_max <= cfg.reconcile.ratio_min) {
    site.fail_value("reconcile_ratio_max", "a ratio above reconcile_ratio_min");
  }

  Section agent_section = top.require_section("agent");
  const OptionValues agent = kAgent.read(agent_section);
  cfg.agent_id = checked_id(agent, "id");
  cfg.log_level = agent.choice("log_level");
  cfg.publish_interval = agent.seconds("publish_interval_s");
  cfg.state_dir = agent.string_or("state_dir", "");
  cfg.compact_telemetry = agent.choice("telemetry_form") == "compact";

  if (auto mqtt = top.optional_section("mqtt")) parse_mqtt(*mqtt, config_dir, cfg.mqtt);
  if (auto outbox = top.optional_section("outbox")) parse_outbox(*outbox, cfg.outbox);
  if (auto alarms = top.optional_section("alarms")) cfg.alarms = parse_alarms(*alarms);
  if (cfg.mqtt.client_id.empty()) cfg.mqtt.client_id = "sitepower-" + cfg.agent_id;

  std::set<std::string> device_ids;
  auto device_sections = top.get_list("devices", true);
  for (auto& d : device_sections) cfg.devices.push_back(parse_device(d, registry, config_dir, device_ids));
  check_metered_devices(cfg.devices, device_sections);

  Section root = top.require_section("tree");
  build_tree(root, cfg);
  top.finish();
  return cfg;
}

SiteConfig load_site_config(const std::string& path, const DriverRegistry& registry) {
  return parse_site_config(read_config_file(path), path, registry);
}

}  // namespace sitepower
