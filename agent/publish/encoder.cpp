#include "encoder.h"

#include <cstdio>
#include <random>

#include "sitepower/v1/inventory.pb.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"
#include "version.h"

namespace sitepower {
namespace {

v1::Quality to_proto(Quality q) {
  switch (q) {
    case Quality::Good: return v1::QUALITY_GOOD;
    case Quality::Bad: return v1::QUALITY_BAD;
    case Quality::Stale: return v1::QUALITY_STALE;
    case Quality::Missing: return v1::QUALITY_MISSING;
    case Quality::Partial: return v1::QUALITY_PARTIAL;
  }
  return v1::QUALITY_UNSPECIFIED;
}

void fill_origin(v1::Origin* o, const std::string& site, const std::string& agent, const std::string& boot,
                 std::uint64_t seq, std::uint64_t outbox_id) {
  o->set_site_id(site);
  o->set_agent_id(agent);
  o->set_boot_id(boot);
  o->set_sequence(seq);
  o->set_agent_version(kVersion);
  o->set_outbox_id(outbox_id);
}

}  // namespace

std::int64_t unix_ms(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string make_boot_id() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  const std::uint64_t hi = (gen() & ~0xF000ULL) | 0x4000ULL;                 // version 4
  const std::uint64_t lo = (gen() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::map<std::string, DriverCounts> count_devices(const std::vector<DeviceCondition>& devices) {
  std::map<std::string, DriverCounts> out;
  for (const DeviceCondition& d : devices) {
    DriverCounts& c = out[d.driver];
    if (d.quality == Quality::Good) {
      ++c.ok;
    } else if (d.quality == Quality::Stale) {
      ++c.stale;
    } else {
      ++c.bad;
    }
  }
  return out;
}

Encoder::Encoder(std::string site_id, std::string agent_id, std::string boot_id)
    : site_id_(std::move(site_id)), agent_id_(std::move(agent_id)), boot_id_(std::move(boot_id)) {}

v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings) {
  v1::Telemetry t;
  t.set_site_power_w(split.site_power_w);
  t.set_site_power_quality(to_proto(split.site_quality));
  t.set_contracted_capacity_w(split.contracted_w);
  t.set_headroom_w(split.headroom_w);
  t.set_headroom_quality(to_proto(split.headroom_quality));
  t.set_headroom_error(split.headroom_error);
  for (const auto& [name, c] : split.classes) {
    auto* p = t.add_classes();
    p->set_load_class(name);
    p->set_power_w(c.power_w);
    p->set_leaves_counted(c.counted);
    p->set_leaves_excluded(c.excluded);
    p->set_remainders_negative(c.negative);
    p->set_quality(to_proto(c.quality()));
  }
  for (const auto& n : split.nodes) {
    auto* g = t.add_groups();
    g->set_id(n.id);
    g->set_parent_id(n.parent_id);
    g->set_power_w(n.power_w);
    g->set_quality(to_proto(n.quality));
    g->set_metered(n.metered);
    g->set_load_class(n.load_class);
    if (n.has_remainder) {
      g->set_unmetered_w(n.unmetered_w);
      g->set_unmetered_quality(to_proto(n.unmetered_quality));
      g->set_remainder_negative(n.remainder_negative);
    }
  }
  for (const auto& r : readings) {
    auto* d = t.add_readings();
    d->set_device_id(r.device);
    d->set_channel(r.reading.channel);
    d->set_quantity(r.reading.quantity);
    d->set_value(r.reading.value);
    d->set_unit(r.reading.unit);
    d->set_quality(to_proto(r.reading.quality));
    d->set_time_unix_ms(unix_ms(r.wall));
    d->set_error(r.reading.error);
  }
  return t;
}

std::string Encoder::telemetry(const SplitResult& split, const std::vector<StoredReading>& readings, WallTime now,
                               std::uint32_t interval_ms, std::uint64_t outbox_id) {
  v1::Telemetry t = telemetry_message(split, readings);
  fill_origin(t.mutable_origin(), site_id_, agent_id_, boot_id_, ++telemetry_seq_, outbox_id);
  t.set_time_unix_ms(unix_ms(now));
  t.set_cycle_interval_ms(interval_ms);
  return t.SerializeAsString();
}

std::string Encoder::status(bool online, const AgentHealth& health, WallTime now) {
  return status_message(online ? v1::Status::STATE_ONLINE : v1::Status::STATE_OFFLINE, ++status_seq_, health, now)
      .SerializeAsString();
}

std::string Encoder::last_will(const AgentHealth& health, WallTime now) const {
  v1::Status s = status_message(v1::Status::STATE_OFFLINE, 0, health, now);
  s.set_last_will(true);
  return s.SerializeAsString();
}

v1::Status Encoder::status_message(int state, std::uint64_t sequence, const AgentHealth& health, WallTime now) const {
  v1::Status s;
  fill_origin(s.mutable_origin(), site_id_, agent_id_, boot_id_, sequence, 0);
  s.set_state(static_cast<v1::Status::State>(state));
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
  s.set_last_telemetry_sequence(telemetry_seq_);
  s.set_outbox_capacity_hours(health.outbox_capacity_hours);
  return s;
}

std::string Encoder::inventory(const SiteConfig& config, WallTime now) {
  v1::Inventory inv;
  fill_origin(inv.mutable_origin(), site_id_, agent_id_, boot_id_, ++inventory_seq_, 0);
  inv.set_time_unix_ms(unix_ms(now));
  inv.set_config_digest(config.digest);
  for (const auto& d : config.devices) {
    auto* p = inv.add_devices();
    p->set_id(d.id);
    p->set_driver(d.driver);
    p->set_description(d.settings->describe());
    p->set_poll_interval_ms(static_cast<std::uint32_t>(d.interval.count()));
    p->set_timeout_ms(static_cast<std::uint32_t>(d.timeout.count()));
    p->set_stale_after_ms(static_cast<std::uint32_t>(d.stale_after.count()));
  }
  return inv.SerializeAsString();
}

}  // namespace sitepower
