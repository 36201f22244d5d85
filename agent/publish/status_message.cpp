#include "status_message.h"

#include <chrono>

#include "wire_values.h"

namespace sitepower {

// Field by field, as telemetry_message() fills its message: the same shape
// (which `duplicates` notes), other fields.
v1::Status status_message(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now) {
  v1::Status s;
  fill_origin(s.mutable_origin(), who, 0);
  s.set_state(online ? v1::Status::STATE_ONLINE : v1::Status::STATE_OFFLINE);
  s.set_time_unix_ms(unix_ms(now));
  s.set_started_unix_ms(unix_ms(health.started));
  s.set_uptime_s(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now - health.started).count()));
  for (const auto& [driver, c] : health.drivers) {
    auto* d = s.add_drivers();
    d->set_driver(driver);
    d->set_devices_ok(c.ok);
    d->set_devices_stale(c.stale);
    d->set_devices_bad(c.bad);
  }
  for (const DeviceCondition& c : health.devices) {
    auto* d = s.add_devices();
    d->set_device_id(c.id);
    d->set_driver(c.driver);
    d->set_quality(to_proto(c.quality));
    d->set_error(c.error);
    d->set_failed_polls(c.failed_polls);
    d->set_demoted(c.demoted);
    d->set_since_unix_ms(unix_ms(c.since));
  }
  s.set_queue_depth(health.queue_depth);
  if (health.last_publish.time_since_epoch().count() != 0) s.set_last_publish_unix_ms(unix_ms(health.last_publish));
  s.set_dropped_messages(health.dropped);
  s.set_outbox_mode(health.outbox_mode);
  s.set_outbox_capacity_hours(health.outbox_capacity_hours);
  return s;
}

}  // namespace sitepower
