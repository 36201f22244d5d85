#pragma once
#include <string>
#include <vector>

#include "reading.h"

namespace sitepower {

// One poll's outcome. `error` non-empty means the device as a whole failed
// this time (connection refused, exception response, ...): the scheduler marks
// all of the device's values bad. Otherwise each reading carries its own quality.
struct PollResult {
  std::vector<Reading> readings;
  std::string error;
};

}  // namespace sitepower
