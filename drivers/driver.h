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

#include "device_settings.h"
#include "option_table.h"
#include "poll_result.h"

namespace sitepower {


using PollCallback = std::function<void(PollResult)>;

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
  // Commissioning (`sitepower-agent --once --device ID`): `trace` gets one line
  // per raw request the driver sends, with its answer, e.g. "unit 1 FC4 read
  // input 0 x54 -> 108 bytes in 12 ms". A driver without raw requests ignores it.
  using RequestTrace = std::function<void(const std::string&)>;
  virtual void set_request_trace(RequestTrace /*trace*/) {}
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

// What a driver's parse function knows besides its own keys.
struct DriverContext {
  std::string device_id;
  std::string config_dir;  // profiles and other relative paths resolve here
  std::chrono::milliseconds timeout{800};    // the scheduler's limit for one poll
  std::chrono::milliseconds interval{1000};  // how often the device is polled
};

// A kind of device (`driver: NAME` in a device section). `parse` turns the
// keys its table read into settings: pure data, and errors name file, line and
// key (OptionValues::fail_value). It may read files (profiles) but must not
// touch the network. `build` makes the running driver from those settings on
// the agent's executor; it is called only when the agent starts polling.
struct DriverKind {
  using Parse = std::function<std::shared_ptr<const DeviceSettings>(const OptionValues&, const DriverContext&)>;
  using Build =
      std::function<std::unique_ptr<Driver>(const DeviceSettings&, const boost::asio::any_io_executor&)>;
  std::string name;
  std::string summary;          // one line, for --describe
  const OptionTable* options;   // the device keys besides the core ones (id, driver, interval_s...)
  Parse parse;
  Build build;

  // A kind whose parse and build share a settings type `S` (derived from
  // DeviceSettings): build gets back exactly what parse made.
  template <class S>
  static DriverKind of(const OptionTable& options,
                       std::shared_ptr<const S> (*parse)(const OptionValues&, const DriverContext&),
                       std::unique_ptr<Driver> (*build)(const S&, const boost::asio::any_io_executor&));

  // Reads a section holding only this kind's keys (a test's or a benchmark's
  // device) and parses it; the config loader reads core and driver keys together.
  std::shared_ptr<const DeviceSettings> read(Section& section, const DriverContext& ctx) const;
};

template <class S>
DriverKind DriverKind::of(const OptionTable& options,
                          std::shared_ptr<const S> (*parse)(const OptionValues&, const DriverContext&),
                          std::unique_ptr<Driver> (*build)(const S&, const boost::asio::any_io_executor&)) {
  return {options.name(), options.summary(), &options,
          [parse](const OptionValues& v, const DriverContext& ctx) -> std::shared_ptr<const DeviceSettings> {
            return parse(v, ctx);
          },
          [build](const DeviceSettings& s, const boost::asio::any_io_executor& ex) {
            return build(static_cast<const S&>(s), ex);
          }};
}

class DriverRegistry {
 public:
  void add(DriverKind kind) {
    std::string name = kind.name;
    kinds_.insert_or_assign(std::move(name), std::move(kind));
  }
  const DriverKind* find(const std::string& name) const {
    auto it = kinds_.find(name);
    return it == kinds_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : kinds_) out.push_back(name);
    return out;
  }

 private:
  std::map<std::string, DriverKind> kinds_;
};

// drivers/registry/registry.cpp: one registration line per driver.
DriverRegistry& builtin_drivers();

}  // namespace sitepower
