#pragma once
// A firmware family as data (drivers/miner/profiles/<name>.yaml): which read
// commands to send and where in each reply a value is. The code knows no
// field name; a new firmware build with a renamed field is a profile edit.
#include <optional>
#include <string>
#include <vector>

#include "command.h"

namespace sitepower::miner {

// How several fields of one quantity combine (three hash boards' temperatures).
enum class Combine { First, Max, Min, Sum };

struct Field {
  std::string path;       // "SUMMARY/0/MHS 5s"
  std::string quantity;   // "hashrate_5s"
  double scale = 1;       // to the quantity's unit (MH/s -> TH/s: 1e-6)
  bool negative_unavailable = false;  // Whatsminer's Power -1: not a value
};

struct Read {
  Command command = Command::Summary;
  std::vector<Field> fields;
};

struct Profile {
  std::string name;                 // "braiins-os"
  std::vector<std::string> detect;  // substrings of the `version` reply that mean this family
  std::vector<Read> reads;
  // Quantities whose fields combine other than First.
  std::vector<std::pair<std::string, Combine>> combine;

  Combine combine_of(const std::string& quantity) const;
};

// Every quantity a profile can give, with its unit: a profile naming another is refused.
const std::vector<std::pair<std::string, std::string>>& miner_quantities();
std::string unit_of(const std::string& quantity);

// Reads a profile file; errors are ConfigErrors naming file, line and key.
Profile load_profile(const std::string& path);

}  // namespace sitepower::miner
