#pragma once
// Everything a `miner` device (a row of miners) needs, as plain data: the
// expanded host list, the firmware profiles loaded, the limits. Built by the
// config loader (miner_options.cpp); the agent builds the MinerRow from it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device_settings.h"
#include "profile.h"

namespace sitepower::miner {

struct MinerSettings : DeviceSettings {
  std::string device_id;
  std::vector<std::string> hosts;    // IPv4 addresses, one per miner
  std::uint16_t port = 4028;
  std::vector<Profile> families;     // one (a fixed firmware) or the candidates of `firmware: auto`, in detection order
  bool detect = true;                // `firmware: auto`: ask `version` once per miner, cache the family
  bool channel_by_index = false;     // channels miner-0, miner-1... instead of miner-10.20.1.7
  std::size_t max_connections = 64;  // the connection budget of the row
  std::chrono::milliseconds miner_timeout{1000};  // one command's exchange
  std::chrono::milliseconds poll_deadline{800};   // the row's poll ends by then, whatever is still open
  std::chrono::milliseconds first_probe{1000};    // an unreachable miner's first wait (the interval)
  std::chrono::milliseconds probe_max{60000};     // and its longest
  std::size_t max_reply_bytes = 256 * 1024;
  std::optional<double> nameplate_w;          // estimate for a mining miner whose firmware reports no power
  std::optional<double> efficiency_j_per_th;  // estimate from hashrate (takes precedence over nameplate)

  std::string channel_of(std::size_t index) const;
  std::string describe() const override;
  std::optional<std::vector<ChannelQuantity>> channels() const override;
};

// The quantities of the row's `total` channel.
const std::vector<std::string>& row_quantities();

}  // namespace sitepower::miner
