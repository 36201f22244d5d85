#pragma once
// What `sitepower-agent --once [--device ID]` prints: the split table and
// every reading, or for one device its state, raw requests and readings.
// Printed from the split and readings the poll computed: they are put into a
// Telemetry message in memory (telemetry_message, the Encoder's own mapping;
// nothing is serialised or parsed) because that is what the views in
// agent/view/ render, for sitepower-tail's decoded messages as well, so a
// cycle is drawn by one piece of code.
#include <ostream>
#include <string>

#include "agent.h"

namespace sitepower {

void print_once(std::ostream& out, const SiteConfig& config, const Agent::OnceResult& once);
void print_device_once(std::ostream& out, const DeviceConfig& device, const Agent::OnceResult& once);

}  // namespace sitepower
