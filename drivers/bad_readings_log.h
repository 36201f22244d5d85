#pragma once
// One log line per change of which readings of a device are not good, and
// why: the log a driver keeps for the readings only it can judge (a failed
// poll is the core's to log, DeviceStateLog). Shared by the HTTP drivers.
#include <string>
#include <vector>

#include "reading.h"

namespace sitepower {

class BadReadingsLog {
 public:
  explicit BadReadingsLog(std::string who) : who_(std::move(who)) {}
  // Logs when the set of bad readings or their reasons (before any " ("
  // detail, which may change every poll) differ from the last poll's.
  void note(const std::vector<Reading>& readings);

 private:
  std::string who_;   // "prometheus dgx-01"
  std::string last_;  // the bad readings as last logged
};

}  // namespace sitepower
