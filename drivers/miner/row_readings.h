#pragma once
// A row's readings from what each miner's poll said: pure, no I/O.
//
// Per miner (channel miner-<address> or miner-<index>): `state` (3 mining,
// 2 idle, 1 failed, 0 unreachable, -1 not polled: always good, the state is
// known), the profile's values, and `power_estimated` from nameplate or
// efficiency where the firmware reports no power. A failed or unreachable
// miner gets a BAD `power` with the reason, never a silent 0 W.
// Row (channel total): `power`, the sum over miners reporting power, PARTIAL
// when some do not (so a dead miner is never counted as 0 W); the same for
// `power_estimated` and `hashrate_5s`; and the counts of miners by state.
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
};

// The estimate for a miner that reports no power (nullopt: none possible).
std::optional<double> estimated_power(const MinerSettings& s, const MinerReport& r);

std::vector<Reading> row_readings(const MinerSettings& s, const std::vector<MinerReport>& miners);

}  // namespace sitepower::miner
