#pragma once
// What `sitepower-agent --once [--device ID]` prints: the split table and
// every reading, or for one device its state, raw requests and readings.
#include <ostream>
#include <string>

#include "agent.h"

namespace sitepower {

void print_once(std::ostream& out, const SiteConfig& config, const Agent::OnceResult& once);
void print_device_once(std::ostream& out, const DeviceConfig& device, const Agent::OnceResult& once);

}  // namespace sitepower
