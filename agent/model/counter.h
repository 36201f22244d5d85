#pragma once
// Energy counters: which quantities are counters, and how one counter value
// is judged against the previous one (on the wire: DeviceReading.counter_event).
#include <string>

namespace sitepower {

// The one list of counter quantities: values that only grow (Wh), so that a
// consumer takes differences of them. Everything else is a level (W, V, A).
bool is_counter(const std::string& quantity);

enum class CounterEvent {
  None,       // not a counter
  First,      // no earlier value to compare with (agent start, reload of identity, new counter)
  Continues,  // value >= previous: increase = value - previous
  Wrapped,    // rolled over its top (span) and went on: increase = value + span - previous
  Reset,      // went down otherwise (device reboot, meter replaced): the increase is unknown
};

const char* to_string(CounterEvent e);

struct CounterStep {
  CounterEvent event = CounterEvent::None;
  double increase = 0;  // only meaningful for Continues and Wrapped; never negative
};

// A counter of known width rolls over at `span` (in the value's unit; 0 when
// the driver cannot tell). A decrease is a wrap only if the counter could
// plausibly have gone forward through its top: the forward distance
// (value + span - previous) is at most a tenth of the span. A reboot that
// restarts a 32-bit counter from 0 while it is below 90 % of its top is a reset.
CounterStep counter_step(double previous, double value, double span);

}  // namespace sitepower
