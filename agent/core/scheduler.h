#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "site_config.h"

namespace sitepower {

// What the scheduler knows of one device's health, for logs and status.
struct PollHealth {
  unsigned long failed_polls = 0;  // in a row; 0 once a poll answers
  bool demoted = false;            // failing: probed with backoff, after healthy devices
  std::chrono::milliseconds next_probe_in{0};  // demoted: wait from its last probe to the next
  unsigned long readings_lost = 0;  // due ticks without a reading since it began failing
  std::chrono::steady_clock::time_point failing_since{};
};

// A device to poll: its config and the driver the agent built from it.
struct PolledDevice {
  DeviceConfig config;
  std::shared_ptr<Driver> driver;
};

// Polls every device at its own interval, each bounded by its own timeout, so
// a slow or dead device never delays another. A poll still running when its
// next tick comes is not doubled up: that tick is skipped and counted.
//
// A device whose poll fails is demoted: it is polled again only as a probe,
// the first after two intervals, then with the wait doubled after each failed
// probe up to its probe_interval; the driver is told (Driver::set_demoted) so a
// shared line serves healthy devices first. Its first good poll promotes it.
//
// The timeout counts from when the poll starts on its line (see
// Driver::poll_queued), not from the tick: waiting behind a neighbour is not
// the device's fault. The wait for the line is bounded too (kMaxWaitIntervals).
class Scheduler {
 public:
  // Called on the executor for every finished poll (a timeout is a failed
  // poll), after health() counts it.
  using Sink = std::function<void(const DeviceConfig&, const PollResult&)>;

  Scheduler(boost::asio::any_io_executor executor, Sink sink);
  ~Scheduler();
  void start(const std::vector<PolledDevice>& devices);
  // Poll every device once; `all_done` runs when each has answered or timed out.
  void poll_once(const std::vector<PolledDevice>& devices, std::function<void()> all_done);
  void stop();
  unsigned long skipped_ticks() const { return skipped_; }
  // The device's health now; a default PollHealth for a device not scheduled.
  PollHealth health(const std::string& device_id) const;
  // The longest time between two finished polls of `device` while it is
  // scheduled, demoted or not (the watchdog's per-device deadline).
  static std::chrono::milliseconds max_poll_gap(const DeviceConfig& device);

 private:
  struct Slot;
  void tick(const std::shared_ptr<Slot>& slot);
  void begin_poll(const std::shared_ptr<Slot>& slot, std::function<void()> after);
  void count(Slot& slot, const PollResult& result);

  boost::asio::any_io_executor executor_;
  Sink sink_;
  std::vector<std::shared_ptr<Slot>> slots_;
  unsigned long skipped_ = 0;
};

}  // namespace sitepower
