#pragma once
// Where a driver's `profile:` key points: the one lookup every driver with
// profiles (Modbus register maps, SNMP OID maps, ...) shares.
#include <string>

namespace sitepower {

class OptionValues;

// A name ("eastron-sdm630") is looked for as <config_dir>/profiles/<name>.yaml
// first (a site shadows a shipped profile), then <shipped_dir>/<name>.yaml; a
// reference with a '/' or ending in ".yaml" is a file relative to config_dir.
// Throws ConfigError naming every place tried.
std::string find_profile_file(const std::string& ref, const std::string& config_dir, const std::string& shipped_dir);

// The `profile` key of a device section, resolved as above; a profile not
// found is a file:line:key error on that key.
std::string profile_key_path(const OptionValues& v, const std::string& config_dir, const std::string& shipped_dir);

}  // namespace sitepower
