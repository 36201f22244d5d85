#pragma once
// The `snmp` device keys (one table: parsing, errors, --describe, README) and
// their reading into SnmpSettings.
#include <memory>

#include "driver.h"
#include "snmp_settings.h"

namespace sitepower::snmp {

const OptionTable& snmp_options();
std::shared_ptr<const SnmpSettings> parse_snmp_settings(const OptionValues& v, const DriverContext& ctx);

}  // namespace sitepower::snmp
