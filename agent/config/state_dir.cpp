#include "state_dir.h"

#include <cstdlib>

namespace sitepower {

std::string resolve_state_dir(const std::string& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("STATE_DIRECTORY"); env && *env) {
    const std::string dirs = env;  // "a:b" when the unit lists several
    return dirs.substr(0, dirs.find(':'));
  }
  return kDefaultStateDir;
}

}  // namespace sitepower
