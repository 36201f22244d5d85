#pragma once
// What one miner's replies said, quantity by quantity, combined as its
// profile says (the hottest of three boards, the fastest fan).
#include <map>
#include <string>

#include "profile.h"
#include "reply.h"

namespace sitepower::miner {

using MinerValues = std::map<std::string, double>;  // quantity -> value in its unit

// Adds the fields of `read` found in `reply` to `values`; returns how many were found.
std::size_t extract(const Profile& profile, const Read& read, const Reply& reply, MinerValues& values);

// The family in `profiles` whose `detect` text the `version` reply holds, in
// list order; nullptr if none.
const Profile* detect_family(const std::vector<Profile>& profiles, std::string_view version_reply);

}  // namespace sitepower::miner
