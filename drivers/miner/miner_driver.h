#pragma once
#include "driver.h"

namespace sitepower {

// The `miner` driver: a row of ASIC miners read over the cgminer-family JSON
// API (drivers/miner/README.md).
DriverKind miner_driver_kind();

}  // namespace sitepower
