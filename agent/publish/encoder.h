#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "load_split.h"
#include "reading_store.h"
#include "site_config.h"

namespace sitepower {
namespace v1 {
class Status;
}  // namespace v1

namespace v1 {
class Telemetry;
}

struct Topics {
  Topics(const SiteConfig& c)
      : base(c.mqtt.topic_prefix + "/" + c.site_id + "/" + c.agent_id),
        telemetry(base + "/telemetry"),
        status(base + "/status"),
        inventory(base + "/inventory"),
        alarm(base + "/alarm") {}
  std::string base, telemetry, status, inventory, alarm;
};

struct DriverCounts {
  unsigned ok = 0, stale = 0, bad = 0;
};

// What the status message reports besides identity.
struct AgentHealth {
  WallTime started{};
  std::map<std::string, DriverCounts> drivers;
  std::vector<DeviceCondition> devices;  // every configured device, config order
  std::uint64_t queue_depth = 0;
  WallTime last_publish{};
  std::uint64_t dropped = 0;
  std::string outbox_mode;
  double outbox_capacity_hours = 0;  // 0: not known yet
};

// Counts devices by driver, by the quality their readings have (ReadingStore::devices):
// GOOD is ok, STALE is stale, BAD and MISSING (no usable value) are bad.
std::map<std::string, DriverCounts> count_devices(const std::vector<DeviceCondition>& devices);

// One cycle's split and readings as a Telemetry message, without origin,
// time or interval (the Encoder adds those; `--once` shows it as it is).
v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings);

// Turns the site model's results into sitepower.v1 protobuf bytes. Owns the
// per-boot sequence numbers: one counter per message kind, starting at 1.
class Encoder {
 public:
  Encoder(std::string site_id, std::string agent_id, std::string boot_id);

  std::string telemetry(const SplitResult& split, const std::vector<StoredReading>& readings, WallTime now,
                        std::uint32_t interval_ms, std::uint64_t outbox_id);
  // Each status takes the next status sequence; every status, the final
  // OFFLINE one too, carries the last telemetry sequence made so far.
  std::string status(bool online, const AgentHealth& health, WallTime now);
  // The OFFLINE status the broker publishes if the agent vanishes: takes no
  // sequence (origin.sequence 0, last_will set), see status.proto.
  std::string last_will(const AgentHealth& health, WallTime now) const;
  std::string inventory(const SiteConfig& config, WallTime now);
  const std::string& boot_id() const { return boot_id_; }

 private:
  v1::Status status_message(int state, std::uint64_t sequence, const AgentHealth& health, WallTime now) const;

  std::string site_id_, agent_id_, boot_id_;
  std::uint64_t telemetry_seq_ = 0, status_seq_ = 0, inventory_seq_ = 0;
};

std::int64_t unix_ms(WallTime t);
std::string make_boot_id();  // random UUID v4 text

}  // namespace sitepower
