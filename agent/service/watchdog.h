#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

#include "heartbeats.h"
#include "systemd_notifier.h"

namespace sitepower {

// Pings systemd's watchdog (WATCHDOG=1) from the agent's event loop, and only
// while the agent is healthy. Healthy means both:
//  - the loop runs: the ping timer is an ordinary timer on the same
//    single-threaded io_context as polls and publishes, so anything that
//    blocks the loop (a driver stuck in a blocking call, an encode or outbox
//    write that hangs) stops the pings; and
//  - the loop makes progress: every heartbeat (the publish cycle, each
//    device's poll) beat within its deadline, so a poll that never finishes
//    or a cycle timer that stopped firing stops the pings too.
// A dead broker is not unhealthy: the outbox buffers and a restart would not
// help. With no pings for WatchdogSec, systemd kills and restarts the agent.
class LoopWatchdog {
 public:
  // Pings every `timeout / 2`, as sd_watchdog_enabled(3) recommends.
  LoopWatchdog(boost::asio::any_io_executor executor, SystemdNotifier& notifier, const Heartbeats& heartbeats,
               std::chrono::microseconds timeout);
  void start();
  void stop();

 private:
  void schedule();
  void check();

  boost::asio::steady_timer timer_;
  SystemdNotifier& notifier_;
  const Heartbeats& heartbeats_;
  std::chrono::microseconds period_;
  bool withholding_ = false;
  bool stopped_ = false;  // a wait that already completed cannot be cancelled: its handler checks this
};

}  // namespace sitepower
