#pragma once
#include <chrono>
#include <ostream>
#include <string>

#include "sitepower/v1/status.pb.h"

namespace sitepower {

// The status message, as JSON in <state dir>/status.json, so that
// `sitepower-agent --status` shows the agent's health on the box without a
// broker. Written whenever status is published; replaced atomically (write a
// temporary file, then rename) so a reader never sees half a file.
class StatusFile {
 public:
  static constexpr const char* kName = "status.json";
  explicit StatusFile(std::string dir) : dir_(std::move(dir)) {}
  void write(const v1::Status& status);
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  bool warned_ = false;
};

// Prints the status file in `dir` for people; returns the exit code for
// --status: 0 when the agent is online and the file is younger than
// `fresh_for`, 1 when it is offline or stale, 2 when there is no readable file.
int print_status_file(const std::string& dir, std::chrono::seconds fresh_for, std::ostream& out);

}  // namespace sitepower
