#pragma once
// Everything an `snmp` device needs, as plain data: what its config section
// says (read by read_snmp_settings in snmp_options.cpp), with the profile
// loaded and the credentials read from their files.
#include <chrono>
#include <string>

#include "snmp_profile.h"
#include "snmp_session.h"

namespace sitepower {
class Section;
}

namespace sitepower::snmp {

struct SnmpSettings {
  std::string device_id;
  SessionSettings session;
  Profile profile;
  unsigned max_repetitions = 16;  // rows per column per GETBULK
};

// Reads the device section (keys: drivers/snmp/README.md). `device_timeout`
// is the scheduler's per-poll timeout, which the default per-try timeout fits in.
SnmpSettings read_snmp_settings(Section& cfg, const std::string& device_id, const std::string& config_dir,
                                std::chrono::milliseconds device_timeout);

}  // namespace sitepower::snmp
