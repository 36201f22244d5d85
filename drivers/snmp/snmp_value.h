#pragma once
// Turning a varbind into a number, the way a profile says: the one place where
// types, scale, decimal digits and the vendor's "not available" markers are
// judged. Pure (no I/O), so the unit tests and the fuzz target call it directly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "varbind.h"

namespace sitepower::snmp {

struct ValueRule {
  double scale = 1;                         // value = raw / 10^decimal_digits × scale
  std::vector<std::int64_t> not_available;  // raw values the vendor uses for "no reading" (APC -1)
  bool negative_not_available = false;      // Eaton: any negative raw value means "no reading"
};

// A value, or why there is none (the reading is then Bad, never 0).
struct Converted {
  std::optional<double> value;
  std::string error;
};

// `decimal_digits`: Raritan's sensor precision, 0 to 9; 0 for other vendors.
Converted convert_value(const Varbind& vb, const ValueRule& rule, int decimal_digits = 0);

// Where the value rolls over to 0, scaled as convert_value scales it; 0 when
// the type has no fixed width (an OCTET STRING). Counter32 and Unsigned32
// (Gauge32, which vendors use for Wh counters) at 2^32, Counter64 at 2^64, an
// INTEGER counter (APC, ServerTech: 0..2147483647) at 2^31. Only counters use
// it (Reading::counter_span).
double counter_span(const Varbind& vb, const ValueRule& rule, int decimal_digits = 0);

// Raritan's decimal-digits column: an INTEGER/Gauge32 0..9, else an error.
Converted convert_decimal_digits(const Varbind& vb);

// An enumeration (on/off state, TruthValue): the raw integer, or an error.
Converted convert_enum(const Varbind& vb);

// An outlet label or name: printable ASCII only, at most 64 bytes, so that
// whatever the PDU holds cannot break a log line or a topic.
std::string convert_label(const Varbind& vb);

}  // namespace sitepower::snmp
