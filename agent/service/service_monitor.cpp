#include "service_monitor.h"

#include <fmt/format.h>

#include "logging.h"
#include "scheduler.h"
#include "state_dir.h"

namespace sitepower {
namespace {

constexpr std::chrono::milliseconds deadline(std::chrono::milliseconds period) {
  return std::max(3 * period, kMinHeartbeatGap);
}

std::string poll_heartbeat(const std::string& device) { return "poll " + device; }

std::string summary(const AgentHealth& h, WallTime now) {
  DriverCounts all;
  for (const auto& [driver, c] : h.drivers) {
    all.ok += c.ok;
    all.stale += c.stale;
    all.bad += c.bad;
  }
  return fmt::format("devices {} ok, {} stale, {} bad; queue {}; up {} s", all.ok, all.stale, all.bad,
                     h.queue_depth, std::chrono::duration_cast<std::chrono::seconds>(now - h.started).count());
}

}  // namespace

void ServiceMonitor::on_config(const SiteConfig& config) {
  set_log_site(config.site_id);
  device_log_.keep_only(config.devices);
  const auto now = Heartbeats::Clock::now();
  heartbeats_.clear();
  // The cycle timer fires every publish interval.
  heartbeats_.expect("cycle", deadline(config.publish_interval), now);
  // The scheduler bounds every poll, and polls a device every interval, or a
  // failing one at least every probe interval.
  for (const auto& d : config.devices) heartbeats_.expect(poll_heartbeat(d.id), deadline(Scheduler::max_poll_gap(d)), now);
  const std::string dir = resolve_state_dir(config.state_dir);
  if (!status_file_ || status_file_->dir() != dir) status_file_ = std::make_unique<StatusFile>(dir);
}

void ServiceMonitor::on_poll(const DeviceConfig& device, const PollResult& result, const PollHealth& health) {
  const auto now = Heartbeats::Clock::now();
  heartbeats_.beat(poll_heartbeat(device.id), now);
  device_log_.record(device, result, health, now);
}

void ServiceMonitor::on_cycle() { heartbeats_.beat("cycle", Heartbeats::Clock::now()); }

void ServiceMonitor::on_status(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now) {
  if (status_file_) status_file_->write(who, online, health, now);
  notifier_.status(summary(health, now));
}

}  // namespace sitepower
