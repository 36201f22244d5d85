#include "driver.h"
#include "modbus/modbus_driver.h"
#include "sim/sim_driver.h"

namespace sitepower {

DriverRegistry& builtin_drivers() {
  static DriverRegistry registry = [] {
    DriverRegistry r;
    r.add("modbus", make_modbus_driver);
    r.add("sim", make_sim_driver);
    return r;
  }();
  return registry;
}

}  // namespace sitepower
