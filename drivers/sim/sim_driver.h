#pragma once
#include <memory>

#include "driver.h"

namespace sitepower {

// The `sim` driver: a simulated device that behaves like a real one (noise,
// slow swings, curtailment ramps, latency, NaN answers, going quiet).
std::unique_ptr<Driver> make_sim_driver(Section& cfg, const DriverContext& ctx);

}  // namespace sitepower
