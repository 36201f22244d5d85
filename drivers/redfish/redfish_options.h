#pragma once
// The `redfish` device keys (declared once) and their reading into settings.
#include <memory>

#include "driver.h"
#include "redfish_settings.h"

namespace sitepower::redfish {

const OptionTable& redfish_options();
std::shared_ptr<const RedfishSettings> parse_redfish_settings(const OptionValues& v, const DriverContext& ctx);

}  // namespace sitepower::redfish
