#pragma once
// Everything an `snmp` device needs, as plain data: what its config section
// says (parsed by snmp_options.cpp), with the profile loaded and the
// credentials read from their files. Built by the config loader; the agent
// builds the SnmpDevice from it.
#include <string>

#include "device_settings.h"
#include "snmp_profile.h"
#include "snmp_session.h"

namespace sitepower::snmp {

struct SnmpSettings : DeviceSettings {
  std::string device_id;
  SessionSettings session;
  Profile profile;
  unsigned max_repetitions = 16;  // rows per column per GETBULK

  // "snmp udp:10.0.0.5:161 v3 user ops authPriv profile raritan-px": never a secret.
  std::string describe() const override;
  // channels() stays nullopt: outlet channels exist only once the table is
  // walked, so a reference like pdu-1/outlet3/power is checked at run time
  // (MISSING if absent), not refused by the loader.
};

}  // namespace sitepower::snmp
