#include "watchdog.h"

#include <spdlog/spdlog.h>

namespace sitepower {

LoopWatchdog::LoopWatchdog(boost::asio::any_io_executor executor, SystemdNotifier& notifier,
                           const Heartbeats& heartbeats, std::chrono::microseconds timeout)
    : timer_(executor), notifier_(notifier), heartbeats_(heartbeats), period_(timeout / 2) {}

void LoopWatchdog::start() {
  check();
  schedule();
}

void LoopWatchdog::stop() {
  stopped_ = true;
  timer_.cancel();
}

void LoopWatchdog::schedule() {
  timer_.expires_after(period_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    check();
    schedule();
  });
}

void LoopWatchdog::check() {
  const auto stalled = heartbeats_.stalled(std::chrono::steady_clock::now());
  if (!stalled) {
    if (withholding_) spdlog::warn("watchdog: agent healthy again, pinging systemd");
    withholding_ = false;
    notifier_.watchdog();
    return;
  }
  // Logged once per episode; systemd restarts the agent if it lasts WatchdogSec.
  if (!withholding_) spdlog::error("watchdog: {}; withholding pings from systemd", *stalled);
  withholding_ = true;
}

}  // namespace sitepower
