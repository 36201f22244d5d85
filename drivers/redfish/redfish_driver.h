#pragma once
// The `redfish` driver's kind, for the registry.
#include "driver.h"

namespace sitepower {

DriverKind redfish_driver_kind();

}  // namespace sitepower
