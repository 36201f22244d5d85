#pragma once
// What a driver read from a device's config section: plain data, built by the
// config loader without an executor, a socket or a device. The agent builds
// the running Driver from it (DriverKind::build).
#include <optional>
#include <string>
#include <vector>

namespace sitepower {

// A value a device can report: what a tree node's `meter: device/channel/quantity` names.
struct ChannelQuantity {
  std::string channel;
  std::string quantity;
  auto operator<=>(const ChannelQuantity&) const = default;
};

struct DeviceSettings {
  virtual ~DeviceSettings() = default;
  // One line for logs, --check-config and the inventory message, e.g. "sim load 1200 kW".
  virtual std::string describe() const = 0;
  // Every (channel, quantity) this device's readings can carry, known from
  // its config alone (profile, model), so that the config loader refuses a
  // meter reference no poll could ever fill. nullopt: only the device itself
  // can tell, and a wrong reference shows at run time as MISSING.
  virtual std::optional<std::vector<ChannelQuantity>> channels() const { return std::nullopt; }
  // Ids of other devices whose load this device's own reading includes, as
  // listed under its `meters:` key (a simulated feeder meter names the loads
  // it feeds). The loader checks that each is a device, that no device is
  // included by two, and that none includes itself through others.
  virtual std::vector<std::string> metered_devices() const { return {}; }
};

}  // namespace sitepower
