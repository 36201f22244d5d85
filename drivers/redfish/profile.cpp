#include "profile.h"

#include "section.h"

namespace sitepower::redfish {

Profile generic_profile() { return Profile{"generic", "", {"*"}, {}, ""}; }

Profile load_profile(const std::string& path) {
  Section s = load_yaml_file(path);
  Profile p;
  p.name = s.require_string("name", 64);
  p.vendor = s.get_string("vendor", "", 64);
  if (s.has("chassis")) p.chassis = s.get_string_list("chassis");
  if (p.chassis.empty()) s.fail("chassis", "at least one chassis Id pattern (\"*\": any)");
  p.gpu_chassis = s.get_string_list("gpu_chassis");
  p.sessions = s.get_string("sessions", "", 256);
  if (!p.sessions.empty() && !p.sessions.starts_with("/redfish/v1/")) {
    s.fail_value("sessions", "a path under /redfish/v1/");
  }
  s.finish();
  return p;
}

}  // namespace sitepower::redfish
