#pragma once
#include <memory>
#include <string>

#include "agent_health.h"
#include "device_state_log.h"
#include "heartbeats.h"
#include "origin.h"
#include "scheduler.h"
#include "site_config.h"
#include "status_file.h"
#include "systemd_notifier.h"

namespace sitepower {

// What the service layer sees of the agent's run. The Agent reports config
// changes, finished polls, cycles and its state at each status here; this turns them
// into watchdog heartbeats, rate-limited device logs, status.json and the
// STATUS= line `systemctl status` shows.
class ServiceMonitor {
 public:
  void on_config(const SiteConfig& config);
  void on_poll(const DeviceConfig& device, const PollResult& result, const PollHealth& health);
  void on_cycle();
  // The state the agent's status message is made from, at each status.
  void on_status(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now);
  const Heartbeats& heartbeats() const { return heartbeats_; }

 private:
  Heartbeats heartbeats_;
  DeviceStateLog device_log_;
  std::unique_ptr<StatusFile> status_file_;
  SystemdNotifier notifier_;
};

// A heartbeat's deadline: `cycles` periods, but never under kMinHeartbeatGap
// so that a loaded box (or a sanitizer build) is not taken for a stuck one.
inline constexpr std::chrono::milliseconds kMinHeartbeatGap{5000};

}  // namespace sitepower
