#pragma once
// Human views of alarms and settlements, for sitepower-tail's table: the
// "alarms" pane under the live table, and one line per event or settlement.
#include <string>

#include "sitepower/v1/alarm.pb.h"
#include "sitepower/v1/settlement.pb.h"

namespace sitepower {

// The active set as a pane: one line per alarm, oldest first; says so when none is.
std::string render_alarms(const v1::ActiveAlarms& a);
// "alarm RAISED WARNING device_lost/rack-4 12:01:05Z: ..." or CLEARED.
std::string render_alarm_event(const v1::Alarm& a);
// The window settled: site energy, demand against the contract, coverage, the period's peak.
std::string render_settlement_line(const v1::Settlement& s);

}  // namespace sitepower
