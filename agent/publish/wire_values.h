#pragma once
#include <cstdint>

#include "reading_store.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// The model's values as the wire (sitepower.v1) carries them.
v1::Quality to_proto(Quality q);
v1::CounterEvent to_proto(CounterEvent e);
std::int64_t unix_ms(WallTime t);

}  // namespace sitepower
