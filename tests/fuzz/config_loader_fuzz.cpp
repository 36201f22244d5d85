// libFuzzer target for the config loader: whatever YAML text it is given, it
// returns a SiteConfig or throws ConfigError (file:line:key). Any other
// exception, a crash, a sanitizer report or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config_error.h"
#include "site_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // Relative names (profiles, certificates) resolve from the working directory.
    sitepower::parse_site_config(text, "fuzz/site.yaml", sitepower::builtin_drivers());
  } catch (const sitepower::ConfigError&) {
  }
  return 0;
}
