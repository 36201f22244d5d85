// The factory glue between the driver API (driver.h) and the SNMP device:
// settings from the section, then the device from the executor and settings.
#include "snmp_driver.h"

#include "snmp_device.h"
#include "snmp_settings.h"

namespace sitepower {

std::unique_ptr<Driver> make_snmp_driver(Section& cfg, const DriverContext& ctx) {
  snmp::SnmpSettings settings = snmp::read_snmp_settings(cfg, ctx.device_id, ctx.config_dir, ctx.timeout);
  return std::make_unique<snmp::SnmpDevice>(ctx.executor, std::move(settings));
}

}  // namespace sitepower
