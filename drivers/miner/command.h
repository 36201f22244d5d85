#pragma once
// The closed list of commands the miner driver can send: status reads only.
// Every request that leaves the agent is built by request_text() from a
// Command, so no config, profile or reply can make it send anything else
// (no `restart`, `ascset`, `pause`, `switchpool`, ...): the agent only reads.
#include <optional>
#include <string>
#include <string_view>

namespace sitepower::miner {

enum class Command {
  Summary,      // cgminer family: hashrate, uptime (Whatsminer: also Power, Power Limit)
  Stats,        // bmminer: temperatures, fans, chain rates
  Devs,         // per-device (hash board) status
  Pools,        // pool URLs and state
  Version,      // firmware name and version: what `firmware: auto` detects from
  Devdetails,   // hash board models
  Tunerstatus,  // Braiins OS (BOSminer): power estimate and power limit
  Temps,        // Braiins OS, LuxOS: board and chip temperatures
  Fans,         // Braiins OS, LuxOS: fan speeds
  Power,        // LuxOS: Watts
  Atm,          // LuxOS: the automatic tuning state
  Profiles,     // LuxOS: the tuning profiles
  GetVersion,   // Whatsminer (btminer): firmware version
};

// The command's name on the wire ("summary", "get_version").
const char* command_name(Command c);
// The command a profile names, or nullopt when it is not a read in the list.
std::optional<Command> command_named(std::string_view name);
// The bytes sent for `c`: `{"command":"summary"}`, one command per connection.
std::string request_text(Command c);
// Every command in the list (for tests and --describe).
const Command* all_commands(std::size_t& count);

}  // namespace sitepower::miner
