#pragma once
// The `alarms:` section: thresholds, holds and bands of the alarms
// (agent/model/alarm_checks.h), declared once in its option table.
#include "alarm_checks.h"
#include "option_table.h"
#include "section.h"

namespace sitepower {

const OptionTable& alarm_options();
AlarmSettings parse_alarms(Section& section);

}  // namespace sitepower
