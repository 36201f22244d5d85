// libFuzzer target for the reply parser: whatever bytes a miner sends,
// preclean() and parse_reply() neither crash nor leave an unusable reply
// without a reason, and extraction by a shipped profile's paths yields only
// finite numbers.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "reply.h"

using namespace sitepower::miner;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 1 << 20) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const Reply r = parse_reply(raw);
  if (r.error.empty() && r.status == 0) std::abort();
  if (!r.error.empty()) return 0;
  for (const char* path : {"SUMMARY/0/MHS 5s", "SUMMARY/0/GHS 5s", "STATS/1/temp1", "TUNERSTATUS/0/PowerLimit",
                           "POWER/0/Watts", "SUMMARY/0/Power", "STATUS/0/Code", "x/99999999999999999999"}) {
    if (const auto v = number_at(r.doc, path); v && !std::isfinite(*v)) std::abort();
  }
  return 0;
}
