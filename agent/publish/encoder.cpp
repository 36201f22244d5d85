#include "encoder.h"

#include "alarm_message.h"
#include "packed_telemetry.h"
#include "settlement_message.h"
#include "sitepower/v1/inventory.pb.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"
#include "status_message.h"
#include "telemetry_message.h"
#include "wire_values.h"

namespace sitepower {

std::string Encoder::telemetry(const SplitResult& split, const std::vector<StoredReading>& readings,
                               const std::optional<DemandFigures>& demand, WallTime now, std::uint32_t interval_ms,
                               std::uint64_t outbox_id, const ReadingCatalogue* compact) {
  // On the arena: its hundreds of strings and submessages are carved from a
  // few blocks, kept from cycle to cycle, and freed at once (issue 15: no
  // per-reading allocation in the hot path; bench/cycle_callgrind.sh).
  auto* t = google::protobuf::Arena::CreateMessage<v1::Telemetry>(&arena_);
  if (compact) fill_compact_telemetry(*compact, split, readings, now, t);
  else fill_telemetry(split, readings, t);
  if (demand) set_demand(*demand, t->mutable_demand());
  fill_origin(t->mutable_origin(), who_, ++telemetry_seq_);
  t->mutable_origin()->set_outbox_id(outbox_id);
  t->set_time_unix_ms(unix_ms(now));
  t->set_cycle_interval_ms(interval_ms);
  std::string bytes = t->SerializeAsString();
  arena_.Reset();
  return bytes;
}

std::string Encoder::status(bool online, const AgentHealth& health, WallTime now) {
  v1::Status s = status_message(who_, online, health, now);
  s.mutable_origin()->set_sequence(++status_seq_);
  s.set_last_telemetry_sequence(telemetry_seq_);
  return s.SerializeAsString();
}

std::string Encoder::last_will(const AgentHealth& health, WallTime now) const {
  v1::Status s = status_message(who_, false, health, now);
  s.set_last_telemetry_sequence(telemetry_seq_);
  s.set_last_will(true);
  return s.SerializeAsString();
}

std::string Encoder::inventory(const SiteConfig& config, WallTime now, const ReadingCatalogue* catalogue) {
  v1::Inventory inv;
  fill_origin(inv.mutable_origin(), who_, ++inventory_seq_);
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
  if (catalogue) *inv.mutable_catalogue() = catalogue->proto();
  return inv.SerializeAsString();
}

std::string Encoder::settlement(const Settlement& settled, std::chrono::minutes window, WallTime now,
                                std::uint64_t outbox_id) {
  v1::Settlement m = settlement_message(settled, window);
  fill_origin(m.mutable_origin(), who_, ++settlement_seq_);
  m.mutable_origin()->set_outbox_id(outbox_id);
  m.set_time_unix_ms(unix_ms(now));
  return m.SerializeAsString();
}

std::string Encoder::alarm(const AlarmRecord& r, std::uint64_t outbox_id) {
  v1::Alarm m;
  set_alarm(r, &m);
  fill_origin(m.mutable_origin(), who_, ++alarm_seq_);
  m.mutable_origin()->set_outbox_id(outbox_id);
  return m.SerializeAsString();
}

std::string Encoder::active_alarms(const std::vector<AlarmRecord>& active, WallTime now) const {
  v1::ActiveAlarms m;
  fill_origin(m.mutable_origin(), who_, 0);
  m.set_time_unix_ms(unix_ms(now));
  for (const AlarmRecord& r : active) set_alarm(r, m.add_alarms());
  return m.SerializeAsString();
}

}  // namespace sitepower
