#pragma once
#include <stdexcept>
#include <string>

namespace sitepower {

// A configuration problem, already phrased for the operator as
// "file:line: key: what was expected". The agent refuses to start on one.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace sitepower
