#pragma once
#include <google/protobuf/arena.h>

#include <cstdint>
#include <string>
#include <vector>

#include <optional>

#include "agent_health.h"
#include "alarm_book.h"
#include "demand_window.h"
#include "energy_book.h"
#include "load_split.h"
#include "origin.h"
#include "reading_catalogue.h"
#include "reading_store.h"
#include "site_config.h"

namespace sitepower {

// Turns the site model's results into sitepower.v1 protobuf bytes. Owns the
// per-boot sequence numbers: one counter per message kind, starting at 1.
class Encoder {
 public:
  Encoder(std::string site_id, std::string agent_id, std::string boot_id)
      : who_{std::move(site_id), std::move(agent_id), std::move(boot_id)} {}

  // `outbox_id`: the id the outbox gives this message (Outbox::next_id()).
  // `compact`: the catalogue to pack the readings by (packed_telemetry.h);
  // nullptr: the full form.
  std::string telemetry(const SplitResult& split, const std::vector<StoredReading>& readings,
                        const std::optional<DemandFigures>& demand, WallTime now, std::uint32_t interval_ms,
                        std::uint64_t outbox_id, const ReadingCatalogue* compact = nullptr);
  // Each status takes the next status sequence; every status, the final
  // OFFLINE one too, carries the last telemetry sequence made so far.
  std::string status(bool online, const AgentHealth& health, WallTime now);
  // The OFFLINE status the broker publishes if the agent vanishes: takes no
  // sequence (origin.sequence 0, last_will set), see status.proto.
  std::string last_will(const AgentHealth& health, WallTime now) const;
  // With the compact form's catalogue where there is one.
  std::string inventory(const SiteConfig& config, WallTime now, const ReadingCatalogue* catalogue = nullptr);
  // A closed demand window's books; its own sequence.
  std::string settlement(const Settlement& s, std::chrono::minutes window, WallTime now, std::uint64_t outbox_id);
  // One raise or clear; the alarm stream's own sequence.
  std::string alarm(const AlarmRecord& r, std::uint64_t outbox_id);
  // The retained set of active alarms: sequence 0 (state, not a stream).
  std::string active_alarms(const std::vector<AlarmRecord>& active, WallTime now) const;
  const AgentIdentity& identity() const { return who_; }

 private:
  AgentIdentity who_;
  google::protobuf::Arena arena_;  // the telemetry message's, reset after each
  std::uint64_t telemetry_seq_ = 0, status_seq_ = 0, inventory_seq_ = 0, settlement_seq_ = 0, alarm_seq_ = 0;
};

}  // namespace sitepower
