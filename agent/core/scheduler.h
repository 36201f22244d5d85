#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <vector>

#include "site_config.h"

namespace sitepower {

// Polls every device at its own interval, each bounded by its own timeout, so
// a slow or dead device never delays another. A poll still running when its
// next tick comes is not doubled up: that tick is skipped and counted.
class Scheduler {
 public:
  // Called on the executor for every finished poll (a timeout is a failed poll).
  using Sink = std::function<void(const DeviceConfig&, const PollResult&)>;

  Scheduler(boost::asio::any_io_executor executor, Sink sink);
  ~Scheduler();
  void start(const std::vector<DeviceConfig>& devices);
  // Poll every device once; `all_done` runs when each has answered or timed out.
  void poll_once(const std::vector<DeviceConfig>& devices, std::function<void()> all_done);
  void stop();
  unsigned long skipped_ticks() const { return skipped_; }

 private:
  struct Slot;
  void tick(const std::shared_ptr<Slot>& slot);
  void begin_poll(const std::shared_ptr<Slot>& slot, std::function<void()> after);

  boost::asio::any_io_executor executor_;
  Sink sink_;
  std::vector<std::shared_ptr<Slot>> slots_;
  unsigned long skipped_ = 0;
};

}  // namespace sitepower
