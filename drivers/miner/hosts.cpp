#include "hosts.h"

#include <boost/asio/ip/address_v4.hpp>

#include <set>

namespace sitepower::miner {
namespace {

std::optional<std::uint32_t> ipv4(const std::string& text) {
  boost::system::error_code ec;
  const auto a = boost::asio::ip::make_address_v4(text, ec);
  if (ec) return std::nullopt;
  return a.to_uint();
}

}  // namespace

HostList expand_hosts(const std::vector<std::string>& items) {
  HostList out;
  std::set<std::uint32_t> seen;
  for (const std::string& item : items) {
    const auto dash = item.find('-');
    const auto first = ipv4(item.substr(0, dash));
    const auto last = dash == std::string::npos ? first : ipv4(item.substr(dash + 1));
    if (!first || !last) {
      out.error = "IPv4 addresses or ranges like 10.20.1.1-10.20.1.200 (not '" + item.substr(0, 64) + "')";
      return out;
    }
    if (*last < *first) {
      out.error = "ranges from low to high (" + item + ")";
      return out;
    }
    if (*last - *first >= kMaxMinersPerRow || out.addresses.size() + (*last - *first) >= kMaxMinersPerRow) {
      out.error = "at most " + std::to_string(kMaxMinersPerRow) + " miners in one device section";
      return out;
    }
    for (std::uint32_t a = *first;; ++a) {
      if (!seen.insert(a).second) {
        out.error = "each address once (" + boost::asio::ip::address_v4(a).to_string() + " is listed twice)";
        return out;
      }
      out.addresses.push_back(boost::asio::ip::address_v4(a).to_string());
      if (a == *last) break;
    }
  }
  if (out.addresses.empty()) out.error = "at least one address";
  return out;
}

}  // namespace sitepower::miner
