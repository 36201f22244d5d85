#pragma once
// What the agent watches each cycle (issue 16), as AlarmChecks for the
// AlarmBook: headroom (warn, critical), projected demand over the contract,
// devices lost, negative remainders, reconciliations out of band, the outbox
// backlog and the clock. Thresholds are the `alarms:` config section.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alarm_book.h"
#include "demand_window.h"
#include "load_split.h"

namespace sitepower {

struct AlarmSettings {
  double headroom_warn_pct = 10;      // of the contracted capacity
  double headroom_critical_pct = 5;
  std::optional<double> headroom_warn_w;  // given in kW: used instead of the %
  std::optional<double> headroom_critical_w;
  double hysteresis_pct = 2;          // of the contracted capacity: how far past its threshold a value clears
  std::chrono::milliseconds hold{30000};
  double demand_ratio = 1.0;          // projected demand over contract × this raises demand_over_contract
  std::chrono::milliseconds device_lost{60000};
  std::chrono::milliseconds outbox_backlog{300000};
  std::uint64_t outbox_backlog_messages = 3600;  // or this many messages waiting
  bool clock_check = true;
  bool operator==(const AlarmSettings&) const = default;
};

struct AlarmInputs {
  const SiteModel& site;
  const SplitResult& split;
  std::optional<DemandFigures> demand;           // the site's open window
  const std::vector<DeviceCondition>& devices;
  WallTime wall;
  std::uint64_t outbox_depth = 0;
  double outbox_wait_s = 0;                      // how long the oldest waiting message has waited
  std::optional<bool> clock_synchronised;        // nullopt: cannot tell
  std::string agent_id;
};

std::vector<AlarmCheck> alarm_checks(const AlarmSettings& settings, const AlarmInputs& in);

}  // namespace sitepower
