#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delivery_config.h"
#include "driver.h"

namespace sitepower {

// Where a tree node's power comes from: a device value.
struct MeterRef {
  std::string device;
  std::string channel = "total";
  std::string quantity = "power";
};

struct TreeNode {
  std::string id;
  std::string name;
  std::optional<MeterRef> meter;  // none: the node's power is the sum of its children
  std::string load_class;         // leaves only
  int parent = -1;
  std::vector<int> children;
};

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

struct SiteConfig {
  std::string file;
  std::string digest;  // FNV-1a of the file's bytes, hex
  std::string site_id;
  std::string site_name;
  double contracted_capacity_w = 0;
  double unmetered_tolerance_w = 0;
  std::string agent_id;
  std::string log_level = "info";
  std::chrono::milliseconds publish_interval{1000};
  std::string state_dir;  // agent.state_dir; empty: $STATE_DIRECTORY, else /var/lib/sitepower
  MqttConfig mqtt;
  OutboxConfig outbox;
  std::vector<DeviceConfig> devices;
  std::vector<TreeNode> tree;  // tree[0] is the root; parents before children
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
