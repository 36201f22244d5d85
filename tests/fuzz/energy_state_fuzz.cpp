// libFuzzer target for the energy books' state file (energy_state_file.h):
// whatever bytes it is given, they parse or not, and books resumed from them
// take a cycle (a restart's first) without a crash, a sanitizer report or a
// hang. Protobuf parses the bytes; what is fuzzed is what the agent makes of
// the values: any window index, any time, any quality number, any tally.
#include <cstddef>
#include <cstdint>
#include <string>

#include "energy_book.h"
#include "energy_state_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto state = sitepower::parse_energy_state(bytes);
  if (!state) return 0;
  sitepower::EnergyBook book(std::chrono::minutes(15), 1, std::chrono::seconds(10), *state);
  sitepower::SiteModel site;
  site.tree.push_back(sitepower::TreeNode{"site", "site", sitepower::MeterRef{"main"}, "", -1, {}});
  sitepower::SplitResult split;
  split.nodes.push_back(sitepower::NodePower{});
  split.nodes.back().id = "site";
  split.site_power_w = 1000;
  split.site_quality = sitepower::Quality::Good;
  split.classes["mining"].power_w = 1000;
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'212'800));
  for (int s = 0; s < 3; ++s) book.add(now + std::chrono::minutes(10 * s), site, split, {});
  (void)book.state();
  (void)book.site_current();
  return 0;
}
