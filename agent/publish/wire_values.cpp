#include "wire_values.h"

#include <chrono>

namespace sitepower {

v1::Quality to_proto(Quality q) {
  switch (q) {
    case Quality::Good: return v1::QUALITY_GOOD;
    case Quality::Bad: return v1::QUALITY_BAD;
    case Quality::Stale: return v1::QUALITY_STALE;
    case Quality::Missing: return v1::QUALITY_MISSING;
    case Quality::Partial: return v1::QUALITY_PARTIAL;
    case Quality::Estimated: return v1::QUALITY_ESTIMATED;
  }
  return v1::QUALITY_UNSPECIFIED;
}

v1::CounterEvent to_proto(CounterEvent e) {
  switch (e) {
    case CounterEvent::None: return v1::COUNTER_EVENT_UNSPECIFIED;
    case CounterEvent::First: return v1::COUNTER_EVENT_FIRST;
    case CounterEvent::Continues: return v1::COUNTER_EVENT_CONTINUES;
    case CounterEvent::Wrapped: return v1::COUNTER_EVENT_WRAPPED;
    case CounterEvent::Reset: return v1::COUNTER_EVENT_RESET;
  }
  return v1::COUNTER_EVENT_UNSPECIFIED;
}

std::int64_t unix_ms(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace sitepower
