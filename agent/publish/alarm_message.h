#pragma once
// Alarms (alarm_book.h) as sitepower.v1.Alarm.
#include "alarm_book.h"
#include "sitepower/v1/alarm.pb.h"

namespace sitepower {

void set_alarm(const AlarmRecord& r, v1::Alarm* out);

}  // namespace sitepower
