#pragma once
// A plan's readings from the resources one poll fetched: each value at its
// JSON pointer, or BAD with why (the resource failed; the property is
// missing, null: Redfish's "not available", or not a number), and a server's
// fleet figures: server/gpu_power (its GPUs' sum) and server/non_gpu_power
// (chassis minus GPUs: CPUs, fans, NICs, PSU losses), marked rollup.
#include <string>
#include <vector>

#include "plan.h"
#include "reading.h"
#include "resource.h"

namespace sitepower::redfish {

void add_source_readings(const Source& source, const Resource& doc, std::vector<Reading>& out);
void add_source_failed(const Source& source, const std::string& why, std::vector<Reading>& out);
void add_server_figures(const Plan& plan, std::vector<Reading>& out);

}  // namespace sitepower::redfish
