#pragma once
#include "driver.h"

namespace sitepower {

// The `prometheus` driver: a Prometheus text-format endpoint (dcgm-exporter's
// GPU power and energy, or any exporter) mapped to readings by profile.
DriverKind prometheus_driver_kind();

}  // namespace sitepower
