#include "alarm_message.h"

#include "wire_values.h"

namespace sitepower {

void set_alarm(const AlarmRecord& r, v1::Alarm* out) {
  out->set_time_unix_ms(unix_ms(r.at));
  out->set_severity(static_cast<v1::Alarm::Severity>(static_cast<int>(r.severity)));
  out->set_code(r.code);
  out->set_subject(r.subject);
  out->set_text(r.text);
  out->set_active(r.active);
  out->set_id(r.id);
  out->set_raised_unix_ms(unix_ms(r.raised));
  out->set_cleared_unix_ms(r.active ? 0 : unix_ms(r.cleared));
  out->set_value(r.value);
  out->set_threshold(r.threshold);
  out->set_unit(r.unit);
  out->set_possibly_optimistic(r.possibly_optimistic);
}

}  // namespace sitepower
