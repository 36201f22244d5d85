#pragma once
#include <cstdint>
#include <string>

#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// Who sends: the part of every message's Origin that holds for a whole boot.
struct AgentIdentity {
  std::string site_id, agent_id, boot_id;
};

// Fills `o` with the sender, `sequence` and this build's version.
void fill_origin(v1::Origin* o, const AgentIdentity& who, std::uint64_t sequence);

}  // namespace sitepower
