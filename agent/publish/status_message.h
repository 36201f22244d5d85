#pragma once
#include "agent_health.h"
#include "origin.h"
#include "sitepower/v1/status.pb.h"

namespace sitepower {

// The agent's state as a Status message: sender, ONLINE or OFFLINE, health.
// Sequences are the Encoder's to set (origin.sequence and
// last_telemetry_sequence stay 0 here); status.json is written from this too.
v1::Status status_message(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now);

}  // namespace sitepower
