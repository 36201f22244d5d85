#pragma once
// A row's miners as the config lists them: `hosts: 10.20.1.1-10.20.1.200`
// (an IPv4 range, inclusive), a list of addresses and ranges, or both.
#include <optional>
#include <string>
#include <vector>

namespace sitepower::miner {

inline constexpr std::size_t kMaxMinersPerRow = 4096;

// The addresses in order; an error text (what was expected) when an item is
// not an IPv4 address or range, a range runs backwards, or there are too many.
struct HostList {
  std::vector<std::string> addresses;
  std::string error;
};
HostList expand_hosts(const std::vector<std::string>& items);

}  // namespace sitepower::miner
