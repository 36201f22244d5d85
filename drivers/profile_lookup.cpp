#include "profile_lookup.h"

#include <filesystem>
#include <vector>

#include "config_error.h"
#include "option_table.h"

namespace sitepower {

std::string find_profile_file(const std::string& ref, const std::string& config_dir, const std::string& shipped_dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (ref.find('/') != std::string::npos || ref.ends_with(".yaml")) {
    candidates.push_back(fs::path(config_dir) / ref);
  } else {
    candidates.push_back(fs::path(config_dir) / "profiles" / (ref + ".yaml"));
    candidates.push_back(fs::path(shipped_dir) / (ref + ".yaml"));
  }
  std::string tried;
  for (const auto& c : candidates) {
    // Throws on a path that cannot be looked at (a symlink loop, no
    // permission): the loader reports that as a file it cannot read, not as
    // "not found".
    if (fs::is_regular_file(c)) return c.string();
    tried += (tried.empty() ? "" : ", ") + c.string();
  }
  throw ConfigError("profile '" + ref + "' not found (looked for " + tried + ")");
}

std::string profile_key_path(const OptionValues& v, const std::string& config_dir, const std::string& shipped_dir) {
  try {
    return find_profile_file(v.string("profile"), config_dir, shipped_dir);
  } catch (const ConfigError& e) {
    v.fail_value("profile", std::string("a shipped profile name or a profile file: ") + e.what());
  }
}

}  // namespace sitepower
