#pragma once
// The `miner` device keys, declared once, and their reading into MinerSettings.
#include <memory>

#include "driver.h"
#include "miner_settings.h"

namespace sitepower::miner {

const OptionTable& miner_options();
std::shared_ptr<const MinerSettings> parse_miner_settings(const OptionValues& v, const DriverContext& ctx);

}  // namespace sitepower::miner
