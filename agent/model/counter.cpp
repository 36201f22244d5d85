#include "counter.h"

namespace sitepower {

bool is_counter(const std::string& quantity) { return quantity == "energy_import" || quantity == "energy_export"; }

const char* to_string(CounterEvent e) {
  switch (e) {
    case CounterEvent::None: return "none";
    case CounterEvent::First: return "first";
    case CounterEvent::Continues: return "continues";
    case CounterEvent::Wrapped: return "wrapped";
    case CounterEvent::Reset: return "reset";
  }
  return "unknown";
}

CounterStep counter_step(double previous, double value, double span) {
  if (value >= previous) return {CounterEvent::Continues, value - previous};
  const double forward = value + span - previous;
  if (span > 0 && forward >= 0 && forward <= span / 10) return {CounterEvent::Wrapped, forward};
  return {CounterEvent::Reset, 0};
}

}  // namespace sitepower
