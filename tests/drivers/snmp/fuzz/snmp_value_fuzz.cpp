// libFuzzer target for the varbind value conversion: whatever type, number,
// text and profile rule a PDU's answer combines, convert_value() and friends
// neither crash nor return a value that is not finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "snmp_value.h"

using namespace sitepower::snmp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 20) return 0;
  // Bytes 0..19 choose the type, the raw numbers, decimal digits and the rule; the rest is the text.
  Varbind vb;
  vb.oid = {1, 3, 6, 1, 4, 1, data[0]};
  vb.type = static_cast<VarType>(data[1] % (static_cast<int>(VarType::Other) + 1));
  std::memcpy(&vb.integer, data + 2, 8);
  std::memcpy(&vb.unsigned_value, data + 10, 8);
  vb.text.assign(reinterpret_cast<const char*>(data + 20), size - 20);
  ValueRule rule;
  rule.scale = (data[18] % 7) == 0 ? 1e12 : 1.0 / (1 + data[18]);
  rule.negative_not_available = data[19] & 1;
  if (data[19] & 2) rule.not_available = {-1, vb.integer};
  const int digits = static_cast<int>(data[0] % 13) - 2;
  for (const Converted& c : {convert_value(vb, rule, digits), convert_enum(vb), convert_decimal_digits(vb)}) {
    if (c.value && !std::isfinite(*c.value)) std::abort();
    if (!c.value && c.error.empty()) std::abort();
  }
  if (convert_label(vb).size() > 64) std::abort();
  return 0;
}
