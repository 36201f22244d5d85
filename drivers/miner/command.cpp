#include "command.h"

#include <array>
#include <utility>

namespace sitepower::miner {
namespace {

constexpr std::array kCommands{
    std::pair{Command::Summary, "summary"},     std::pair{Command::Stats, "stats"},
    std::pair{Command::Devs, "devs"},           std::pair{Command::Pools, "pools"},
    std::pair{Command::Version, "version"},     std::pair{Command::Devdetails, "devdetails"},
    std::pair{Command::Tunerstatus, "tunerstatus"}, std::pair{Command::Temps, "temps"},
    std::pair{Command::Fans, "fans"},           std::pair{Command::Power, "power"},
    std::pair{Command::Atm, "atm"},             std::pair{Command::Profiles, "profiles"},
    std::pair{Command::GetVersion, "get_version"},
};
constexpr std::array kList = [] {
  std::array<Command, kCommands.size()> out{};
  for (std::size_t i = 0; i < kCommands.size(); ++i) out[i] = kCommands[i].first;
  return out;
}();

}  // namespace

const char* command_name(Command c) {
  for (const auto& [command, name] : kCommands) {
    if (command == c) return name;
  }
  return "summary";  // unreachable: every enumerator is in the table
}

std::optional<Command> command_named(std::string_view name) {
  for (const auto& [command, n] : kCommands) {
    if (name == n) return command;
  }
  return std::nullopt;
}

std::string request_text(Command c) { return std::string(R"({"command":")") + command_name(c) + "\"}"; }

const Command* all_commands(std::size_t& count) {
  count = kList.size();
  return kList.data();
}

}  // namespace sitepower::miner
