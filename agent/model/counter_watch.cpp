#include "counter_watch.h"

namespace sitepower {

void CounterWatch::judge(std::vector<StoredReading>& readings) {
  for (StoredReading& r : readings) {
    if (!is_counter(r.reading.quantity) || r.reading.quality != Quality::Good) continue;
    auto [it, added] = last_.try_emplace({r.device, r.reading.channel, r.reading.quantity}, r.reading.value);
    if (added) {
      r.counter = {CounterEvent::First, 0};
      continue;
    }
    r.counter = counter_step(it->second, r.reading.value, r.reading.counter_span);
    it->second = r.reading.value;
  }
}

}  // namespace sitepower
