// The `snmp` kind: its option table and parse (snmp_options.cpp), and the
// device built from the settings on the agent's executor.
#include "snmp_driver.h"

#include "snmp_device.h"
#include "snmp_options.h"

namespace sitepower {
namespace {

std::unique_ptr<Driver> build(const snmp::SnmpSettings& s, const boost::asio::any_io_executor& executor) {
  return std::make_unique<snmp::SnmpDevice>(executor, s);
}

}  // namespace

DriverKind snmp_driver_kind() { return DriverKind::of<snmp::SnmpSettings>(snmp::snmp_options(), snmp::parse_snmp_settings, build); }

}  // namespace sitepower
