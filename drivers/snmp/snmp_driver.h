#pragma once
#include <memory>

#include "driver.h"

namespace sitepower {

// The `snmp` driver: PDUs over SNMP v2c/v3, described by a profile in
// drivers/snmp/profiles/. Keys and profile format: drivers/snmp/README.md.
std::unique_ptr<Driver> make_snmp_driver(Section& cfg, const DriverContext& ctx);

}  // namespace sitepower
