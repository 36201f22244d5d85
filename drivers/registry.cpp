#include "driver.h"
#include "sim/sim_driver.h"

namespace sitepower {

DriverRegistry& builtin_drivers() {
  static DriverRegistry registry = [] {
    DriverRegistry r;
    r.add("sim", make_sim_driver);
    return r;
  }();
  return registry;
}

}  // namespace sitepower
