#pragma once
#include <string>

#include "config_error.h"

namespace sitepower::test {

// The ConfigError message that `load()` throws, or "(no error)": config tests
// compare it whole, so a changed line, key or wording fails them.
template <class Load>
std::string config_error_of(Load&& load) {
  try {
    load();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace sitepower::test
