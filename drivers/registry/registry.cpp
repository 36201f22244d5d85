#include "driver.h"
#include "miner/miner_driver.h"
#include "modbus/modbus_driver.h"
#include "prometheus/prometheus_driver.h"
#include "redfish/redfish_driver.h"
#include "sim/sim_driver.h"
#include "snmp/snmp_driver.h"

namespace sitepower {

DriverRegistry& builtin_drivers() {
  static DriverRegistry registry = [] {
    DriverRegistry r;
    r.add(miner_driver_kind());
    r.add(modbus_driver_kind());
    r.add(prometheus_driver_kind());
    r.add(redfish_driver_kind());
    r.add(sim_driver_kind());
    r.add(snmp_driver_kind());
    return r;
  }();
  return registry;
}

}  // namespace sitepower
