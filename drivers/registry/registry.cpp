#include "driver.h"
#include "modbus/modbus_driver.h"
#include "sim/sim_driver.h"
#include "snmp/snmp_driver.h"

namespace sitepower {

DriverRegistry& builtin_drivers() {
  static DriverRegistry registry = [] {
    DriverRegistry r;
    r.add("modbus", make_modbus_driver);
    r.add("sim", make_sim_driver);
    r.add("snmp", make_snmp_driver);
    return r;
  }();
  return registry;
}

}  // namespace sitepower
