#pragma once
// The driver interface: the only thing the core knows about devices.
#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "poll_result.h"

namespace sitepower {

class Section;

using PollCallback = std::function<void(PollResult)>;

// A value a device can report: what a tree node's `meter: device/channel/quantity` names.
struct ChannelQuantity {
  std::string channel;
  std::string quantity;
  auto operator<=>(const ChannelQuantity&) const = default;
};

// A device reader. Lives on the agent's single-threaded io executor.
// Read-only: a driver must never send a request that changes a device.
class Driver {
 public:
  virtual ~Driver() = default;
  // Starts one poll and returns at once. `done` is called exactly once, on the
  // executor, unless cancel() comes first.
  virtual void poll(PollCallback done) = 0;
  // The scheduler's timeout expired: drop the poll in flight (close the
  // socket, forget the callback). The next poll() starts afresh.
  virtual void cancel() = 0;
  // One line for logs and the inventory message, e.g. "sim load 1200 kW".
  virtual std::string describe() const = 0;
  // Commissioning (`sitepower-agent --once --device ID`): `trace` gets one line
  // per raw request the driver sends, with its answer, e.g. "unit 1 FC4 read
  // input 0 x54 -> 108 bytes in 12 ms". A driver without raw requests ignores it.
  using RequestTrace = std::function<void(const std::string&)>;
  virtual void set_request_trace(RequestTrace /*trace*/) {}
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

  // For drivers whose polls wait their turn on a line shared with other
  // devices (meters behind one gateway): `started` runs when this poll's first
  // request gets the line, and the scheduler's timeout counts from there, not
  // from the tick, so time spent waiting behind a dead neighbour is not this
  // device's. The default starts at once.
  virtual void poll_queued(PollCallback done, std::function<void()> started) {
    started();
    poll(std::move(done));
  }
  // The scheduler demoted the device (it keeps failing and is only probed now,
  // with backoff) or promoted it back. A driver sharing a line lets healthy
  // devices go first and probes with a single try.
  virtual void set_demoted(bool /*demoted*/) {}
};

struct DriverContext {
  boost::asio::any_io_executor executor;
  std::string device_id;
  std::string config_dir;  // profiles and other relative paths resolve here
  std::chrono::milliseconds timeout;
  std::chrono::milliseconds interval{1000};  // how often the device is polled
};

// Builds a driver from its device section. The factory reads and validates its
// own keys through `cfg` (errors name file, line and key); the core rejects
// keys nobody read. It must not touch the network: the agent validates the
// whole config before anything connects.
using DriverFactory = std::function<std::unique_ptr<Driver>(Section& cfg, const DriverContext& ctx)>;

class DriverRegistry {
 public:
  void add(const std::string& name, DriverFactory factory) { factories_[name] = std::move(factory); }
  const DriverFactory* find(const std::string& name) const {
    auto it = factories_.find(name);
    return it == factories_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : factories_) out.push_back(name);
    return out;
  }

 private:
  std::map<std::string, DriverFactory> factories_;
};

// drivers/registry/registry.cpp: one registration line per driver.
DriverRegistry& builtin_drivers();

}  // namespace sitepower
