// libFuzzer target for the exposition parser and the mapping behind it:
// whatever bytes an endpoint sends, parse_exposition() neither crashes nor
// loses a line (every non-blank, non-comment line is a sample or a bad line),
// names and labels are as the format allows, and the dcgm-exporter mapping
// gives only GOOD finite readings or non-GOOD readings with a reason.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exposition.h"
#include "scrape_readings.h"

using namespace sitepower;
using namespace sitepower::prometheus;

namespace {

Mapping dcgm_mapping() {
  Mapping m;
  m.series.push_back({"DCGM_FI_DEV_POWER_USAGE", {}, "power", "W", 1, 1, "gpu{gpu}",
                      DerivedReading{{"server", "gpu_power"}, true}});
  m.series.push_back({"ipmi_dcmi_power_consumption_watts", {}, "power", "W", 1, 1, "chassis", std::nullopt});
  m.differences.push_back({{{"server", "non_gpu_power"}, true}, {"chassis", "power"}, {"server", "gpu_power"}});
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 20) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Exposition e = parse_exposition(text);
  for (const Sample& s : e.samples) {
    if (s.metric.empty() || s.line == 0) std::abort();
    for (const Label& l : s.labels) {
      if (l.name.empty()) std::abort();
    }
  }
  for (const BadLine& b : e.bad_lines) {
    if (b.reason.empty() || b.line == 0) std::abort();
  }
  static const Mapping mapping = dcgm_mapping();
  ChannelMemory memory;
  for (const Reading& r : scrape_readings(mapping, e, memory)) {
    if (r.quality == Quality::Good && !std::isfinite(r.value)) std::abort();
    if (r.quality != Quality::Good && r.error.empty()) std::abort();
  }
  return 0;
}
