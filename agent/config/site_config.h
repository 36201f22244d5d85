#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alarm_checks.h"
#include "delivery_config.h"
#include "driver.h"
#include "site_model.h"

namespace sitepower {

struct DeviceConfig {
  std::string id;
  std::string driver;
  std::chrono::milliseconds interval{1000};
  std::chrono::milliseconds timeout{800};
  std::chrono::milliseconds stale_after{5000};
  std::chrono::milliseconds probe_interval{30000};  // longest wait between probes of a failing device
  // What its driver read from the section: data only. The agent builds the
  // running Driver from it (DriverKind::build).
  std::shared_ptr<const DeviceSettings> settings;
};

// The site file. Its tree and contract (SiteModel, what the split needs) are a
// base so the model library needs no config and readers keep writing cfg.tree.
struct SiteConfig : SiteModel {
  std::string file;
  std::string digest;  // FNV-1a of the file's bytes, hex
  std::string site_id;
  std::string site_name;
  std::string agent_id;
  std::string log_level = "info";
  std::chrono::milliseconds publish_interval{1000};
  // agent.telemetry_form: compact names readings by their place in the
  // inventory's catalogue (docs/compact-telemetry.md); full names each one.
  bool compact_telemetry = false;
  std::chrono::minutes demand_window{15};  // site.demand_window_min
  int billing_day = 1;                      // site.billing_day
  // site.energy_gap_s; unset: 3 publish intervals, at least 10 s (Agent::open_books)
  std::optional<std::chrono::milliseconds> energy_gap;
  std::string state_dir;  // agent.state_dir; empty: $STATE_DIRECTORY, else /var/lib/sitepower
  MqttConfig mqtt;
  OutboxConfig outbox;
  AlarmSettings alarms;
  std::vector<DeviceConfig> devices;
};

// Reads and validates the whole site file into plain data: no driver is
// built, nothing connects. Throws ConfigError naming file, line, key and what
// was expected; a file that cannot be read (missing, a directory, no
// permission) is one too.
SiteConfig load_site_config(const std::string& path, const DriverRegistry& registry);
// The same for config text already read; `path` names it in errors and
// relative file names (profiles, certificates) resolve from its directory.
SiteConfig parse_site_config(const std::string& text, const std::string& path, const DriverRegistry& registry);

// The key tables of the core sections (site, agent, mqtt, mqtt.tls, outbox,
// and a device's own keys), for --describe and the README tables.
const std::vector<const OptionTable*>& core_option_tables();

}  // namespace sitepower
