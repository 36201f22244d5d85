#pragma once
#include <string>

namespace sitepower {

// Where the agent keeps what must survive a restart (the durable outbox,
// status.json), in order: agent.state_dir from the config; else the first
// directory systemd's StateDirectory= passed in $STATE_DIRECTORY; else
// kDefaultStateDir. Shared by everything that writes there.
inline constexpr const char* kDefaultStateDir = "/var/lib/sitepower";
std::string resolve_state_dir(const std::string& configured);

}  // namespace sitepower
