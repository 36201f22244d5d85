#pragma once
// A BMC family as data (drivers/redfish/profiles/<name>.yaml): where the
// things the driver reads are when a vendor lays its tree out its own way.
// Every BMC is walked from /redfish/v1 by the standard's links; a profile
// only says which chassis is the server and which hold one GPU each, and
// where to log in when the service root does not say.
#include <string>
#include <vector>

namespace sitepower::redfish {

struct Profile {
  std::string name;    // "idrac"
  std::string vendor;  // the service root's Vendor that picks it with `profile: auto` ("Dell"); empty: none
  // Globs ('*', '?': outlet_selector.h's glob_match) over chassis Ids, in order of preference: the first
  // chassis with a power resource that matches the first pattern that any
  // matches is the server's chassis ("System.Embedded.1").
  std::vector<std::string> chassis{"*"};
  // Globs over chassis Ids each holding one GPU ("HGX_GPU_SXM_*"), read as
  // gpu0.. in natural order of their Ids; empty: the BMC gives no GPU power.
  std::vector<std::string> gpu_chassis;
  // The sessions collection; empty: the service root's Links.Sessions.
  std::string sessions;
};

// Reads a profile file; errors are ConfigErrors naming file, line and key.
Profile load_profile(const std::string& path);

// The generic profile: every chassis may be the server, no GPUs, standard sessions.
Profile generic_profile();

}  // namespace sitepower::redfish
