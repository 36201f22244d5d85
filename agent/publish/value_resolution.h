#pragma once
// The step each value is sent at in compact telemetry (docs/compact-telemetry.md):
// at or finer than what the devices themselves resolve, by unit.
#include <string_view>

namespace sitepower {

// The resolution for a value in `unit`: 0.1 W, 1 Wh, 0.01 V, 1 mA, 1 mHz,
// 1e-4 for a power factor or a count, 0.01 TH/s, 0.1 °C, ...; 1e-3 for a unit
// the table does not know.
double value_resolution(std::string_view unit);

}  // namespace sitepower
