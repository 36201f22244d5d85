#pragma once
// Judges each published counter value against the previous published GOOD
// value of the same (device, channel, quantity), so that every message says
// how to take the difference from the one before: never a negative jump.
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "reading_store.h"

namespace sitepower {

// Compares message to message, not poll to poll: a wrap or reset seen by a
// poll that no message carried (polls faster than publishes) still shows on
// the next message, and a reading published twice (publishes faster than
// polls) continues with increase 0 the second time instead of repeating the event.
class CounterWatch {
 public:
  // Sets counter_event and counter_increase on every GOOD counter reading and
  // remembers its value; readings that are not GOOD are left as they are and
  // do not move the baseline.
  void judge(std::vector<StoredReading>& readings);
  // A new stream (new boot id): every counter starts again with First.
  void clear() { last_.clear(); }

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, double> last_;
};

}  // namespace sitepower
