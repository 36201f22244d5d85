#pragma once
#include "driver.h"

namespace sitepower {

// The `snmp` driver: PDUs over SNMP v2c/v3, described by a profile in
// drivers/snmp/profiles/. Keys and profile format: drivers/snmp/README.md.
DriverKind snmp_driver_kind();

}  // namespace sitepower
