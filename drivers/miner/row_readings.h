#pragma once
// A row's readings from what each miner's poll said: pure, no I/O.
//
// Per miner (channel miner-<address> or miner-<index>): `state` (3 mining,
// 2 idle, 1 failed, 0 unreachable, -1 not polled: always good, the state is
// known), the profile's values, and `power`: as the firmware reports it, or
// ESTIMATED from nameplate or efficiency where it reports none. A failed or
// unreachable miner gets a BAD `power` with the reason, never a silent 0 W.
// Row (channel total): `power`, the sum over miners with a power (PARTIAL when
// some have none, so a dead miner is never counted as 0 W; its `estimated`
// part from estimates); `hashrate_5s`; the counts of miners by state;
// `power_full`, what the row would draw at full (each miner's last power
// limit, else nameplate: ESTIMATED), and `curtailed_power`, full minus now.
// Every row value but `power` is a rollup: the split sums it per class.
#include <string>
#include <vector>

#include "miner_settings.h"
#include "miner_values.h"
#include "reading.h"

namespace sitepower::miner {

enum class MinerState { Unpolled = -1, Unreachable = 0, Failed = 1, Idle = 2, Mining = 3 };
const char* to_string(MinerState s);

struct MinerReport {
  MinerState state = MinerState::Unpolled;
  MinerValues values;
  std::string error;  // why failed, unreachable or not polled
  // The last power limit the miner reported, this poll or before (a sleeping
  // or unreachable miner's full power is the limit it had).
  std::optional<double> last_power_limit = std::nullopt;
};

// The estimate for a miner that reports no power (nullopt: none possible).
std::optional<double> estimated_power(const MinerSettings& s, const MinerReport& r);

std::vector<Reading> row_readings(const MinerSettings& s, const std::vector<MinerReport>& miners);

}  // namespace sitepower::miner
