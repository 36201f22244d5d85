#pragma once
#include "driver.h"

namespace sitepower {

// The `modbus` driver: any Modbus TCP / RTU / RTU-over-TCP meter described by
// a profile in drivers/modbus/profiles/. Keys and profile format: drivers/modbus/README.md.
DriverKind modbus_driver_kind();

}  // namespace sitepower
