#pragma once
// The `prometheus` device keys (declared once) and their reading into settings.
#include <memory>

#include "driver.h"
#include "prometheus_settings.h"

namespace sitepower::prometheus {

const OptionTable& prometheus_options();
std::shared_ptr<const PrometheusSettings> parse_prometheus_settings(const OptionValues& v, const DriverContext& ctx);

}  // namespace sitepower::prometheus
