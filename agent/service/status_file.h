#pragma once
#include <chrono>
#include <ostream>
#include <string>

#include "agent_health.h"
#include "origin.h"

namespace sitepower {

// The agent's state as a Status message in JSON, in <state dir>/status.json,
// so that `sitepower-agent --status` shows the agent's health on the box
// without a broker. Written whenever status is published; replaced atomically
// (write a temporary file, then rename) so a reader never sees half a file.
// The file is not a stream: origin.sequence and last_telemetry_sequence are 0.
class StatusFile {
 public:
  static constexpr const char* kName = "status.json";
  explicit StatusFile(std::string dir) : dir_(std::move(dir)) {}
  void write(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now);
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
