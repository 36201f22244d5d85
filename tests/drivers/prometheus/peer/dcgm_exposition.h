#pragma once
// What NVIDIA's dcgm-exporter serves for one GPU server, shaped like the real
// one (its default counters, HELP/TYPE lines, the labels gpu, UUID, pci_bus_id,
// device, modelName, Hostname, DCGM_FI_DRIVER_VERSION on every series),
// optionally with an ipmi_exporter-shaped chassis power gauge. The tests
// serve it with the shared HTTP peer (tests/drivers/http/peer/http_peer.py).
#include <optional>
#include <string>
#include <vector>

namespace sitepower::test {

struct DcgmServer {
  std::string hostname = "dgx-07";
  std::vector<double> power_w{690, 705, 712, 698, 701, 695, 703, 696};  // 5600 W in all
  std::vector<double> energy_mj{3.6e9, 3.6e9, 3.6e9, 3.6e9, 3.6e9, 3.6e9, 3.6e9, 3.6e9};  // 1 kWh each
  std::optional<double> chassis_w;  // ipmi_dcmi_power_consumption_watts
};

std::string dcgm_exposition(const DcgmServer& server);

}  // namespace sitepower::test
