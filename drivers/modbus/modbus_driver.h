#pragma once
#include <memory>

#include "driver.h"

namespace sitepower {

// The `modbus` driver: any Modbus TCP / RTU / RTU-over-TCP meter described by
// a profile in drivers/modbus/profiles/. Keys and profile format: drivers/modbus/README.md.
std::unique_ptr<Driver> make_modbus_driver(Section& cfg, const DriverContext& ctx);

}  // namespace sitepower
