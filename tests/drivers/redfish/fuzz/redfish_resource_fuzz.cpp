// libFuzzer target for what the redfish driver reads of a BMC's bodies:
// whatever bytes come, Resource neither crashes nor answers without a reason;
// the walk, fed the same body as every resource it asks for (so a body that
// links to itself drives every step), ends within its bound; and the plan's
// readings are finite or BAD with a reason.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "discovery.h"
#include "plan_readings.h"
#include "resource.h"

using namespace sitepower;
using namespace sitepower::redfish;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 20) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const Resource r(body);
  if (!r.ok() && r.error().empty()) std::abort();
  for (const char* p : {"/PowerWatts/Reading", "/PowerControl/0/PowerConsumedWatts", "/Members/0", "", "/~1/~0"}) {
    const Number n = r.number(p);
    if (n.ok() && !std::isfinite(n.value)) std::abort();
    if (!n.ok() && n.why().empty()) std::abort();
    (void)r.link(p);
    (void)r.text(p);
  }
  for (const std::string& m : r.members()) {
    if (!m.starts_with("/redfish/v1")) std::abort();
  }
  const std::vector<Profile> candidates{{"dgx", "NVIDIA", {"DGX", "*"}, {"HGX_GPU_SXM_*"}, ""}};
  Discovery d(generic_profile(), candidates, true);
  std::size_t steps = 0;
  while (d.next()) {
    d.on_resource(r);
    if (++steps > Discovery::kMaxResources + 1) std::abort();
  }
  std::vector<Reading> readings;
  for (const Source& s : d.plan().sources) add_source_readings(s, r, readings);
  add_server_figures(d.plan(), readings);
  for (const Reading& x : readings) {
    if (x.quality == Quality::Good && !std::isfinite(x.value)) std::abort();
    if (x.quality != Quality::Good && x.error.empty()) std::abort();
  }
  return 0;
}
