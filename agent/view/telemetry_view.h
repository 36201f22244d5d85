#pragma once
#include <string>

#include "sitepower/v1/inventory.pb.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// Human views of decoded messages, shared by `sitepower-agent --once` and
// `sitepower-tail`, so both show a cycle the same way.
std::string render_table(const v1::Telemetry& t);
// Every device reading, one line each: device, channel, quantity, value, unit,
// quality, error (the table's "devices not counted" shows only power).
std::string render_readings(const v1::Telemetry& t);
std::string render_status_line(const v1::Status& s);
const char* quality_name(v1::Quality q);

}  // namespace sitepower
