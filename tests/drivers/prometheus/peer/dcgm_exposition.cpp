#include "dcgm_exposition.h"

#include <fmt/format.h>

namespace sitepower::test {
namespace {

std::string labels(const DcgmServer& s, std::size_t gpu) {
  return fmt::format(R"({{gpu="{0}",UUID="GPU-5f0c{0}a1e-77b2-4c1d-9e8f-0a1b2c3d4e5{0}",pci_bus_id="00000000:{1:02X}:00.0",device="nvidia{0}",modelName="NVIDIA H100 80GB HBM3",Hostname="{2}",DCGM_FI_DRIVER_VERSION="550.54.15"}})",
                     gpu, 0x18 + 0x10 * gpu, s.hostname);
}

void family(std::string& out, const DcgmServer& s, const char* name, const char* help, const char* type,
            const std::vector<double>& values, const char* format) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  for (std::size_t gpu = 0; gpu < values.size(); ++gpu) {
    out += fmt::format("{}{} ", name, labels(s, gpu)) + fmt::format(fmt::runtime(format), values[gpu]) + "\n";
  }
}

}  // namespace

std::string dcgm_exposition(const DcgmServer& s) {
  std::string out;
  const std::size_t n = s.power_w.size();
  family(out, s, "DCGM_FI_DEV_SM_CLOCK", "SM clock frequency (in MHz).", "gauge", std::vector<double>(n, 1980), "{:.0f}");
  family(out, s, "DCGM_FI_DEV_MEM_CLOCK", "Memory clock frequency (in MHz).", "gauge", std::vector<double>(n, 2619), "{:.0f}");
  family(out, s, "DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", "gauge", std::vector<double>(n, 61), "{:.0f}");
  family(out, s, "DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", "gauge", s.power_w, "{:.6f}");
  family(out, s, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "Total energy consumption since boot (in mJ).", "counter",
         s.energy_mj, "{:.0f}");
  family(out, s, "DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", "gauge", std::vector<double>(n, 97), "{:.0f}");
  if (s.chassis_w) {
    out += "# HELP ipmi_dcmi_power_consumption_watts Current power consumption in Watts.\n"
           "# TYPE ipmi_dcmi_power_consumption_watts gauge\n";
    out += fmt::format("ipmi_dcmi_power_consumption_watts {}\n", *s.chassis_w);
  }
  return out;
}

}  // namespace sitepower::test
