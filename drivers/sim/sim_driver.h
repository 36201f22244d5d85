#pragma once
#include "driver.h"

namespace sitepower {

// The `sim` driver: a simulated device that behaves like a real one (noise,
// slow swings, curtailment ramps, latency, NaN answers, going quiet).
DriverKind sim_driver_kind();

}  // namespace sitepower
