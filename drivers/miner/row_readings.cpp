#include "row_readings.h"

#include <fmt/format.h>

namespace sitepower::miner {
namespace {

// A sum over the miners that gave a value: GOOD when all did, PARTIAL when
// some did, BAD when none did.
struct Sum {
  double value = 0;
  std::size_t counted = 0;
  void add(double v) {
    value += v;
    ++counted;
  }
  Reading reading(const std::string& quantity, const std::string& unit, std::size_t of) const {
    Reading r{"total", quantity, value, unit, Quality::Good, ""};
    if (counted == 0) {
      r.quality = Quality::Bad;
      r.error = fmt::format("none of {} miners reports {}", of, quantity);
    } else if (counted < of) {
      r.quality = Quality::Partial;
      r.error = fmt::format("{} of {} miners report {}", counted, of, quantity);
    }
    return r;
  }
};

}  // namespace

const char* to_string(MinerState s) {
  switch (s) {
    case MinerState::Unpolled: return "not polled";
    case MinerState::Unreachable: return "unreachable";
    case MinerState::Failed: return "failed";
    case MinerState::Idle: return "idle";
    case MinerState::Mining: return "mining";
  }
  return "?";
}

std::optional<double> estimated_power(const MinerSettings& s, const MinerReport& r) {
  if (r.values.contains("power")) return std::nullopt;  // measured wins: an estimate is never published beside it
  if (r.state != MinerState::Mining && r.state != MinerState::Idle) return std::nullopt;
  const auto hashrate = r.values.find("hashrate_5s");
  if (s.efficiency_j_per_th && hashrate != r.values.end()) return *s.efficiency_j_per_th * hashrate->second;
  // Nameplate is what a miner draws hashing; a sleeping one draws a few watts
  // that nameplate cannot tell, so idle gets no estimate.
  if (s.nameplate_w && r.state == MinerState::Mining) return *s.nameplate_w;
  return std::nullopt;
}

std::vector<Reading> row_readings(const MinerSettings& s, const std::vector<MinerReport>& miners) {
  std::vector<Reading> out;
  Sum power, estimated, hashrate;
  std::size_t counts[5] = {};
  const bool estimates = s.nameplate_w || s.efficiency_j_per_th;
  for (std::size_t i = 0; i < miners.size(); ++i) {
    const MinerReport& m = miners[i];
    const std::string channel = s.channel_of(i);
    ++counts[static_cast<int>(m.state) + 1];
    out.push_back({channel, "state", static_cast<double>(static_cast<int>(m.state)), "", Quality::Good, ""});
    for (const auto& [quantity, value] : m.values) out.push_back({channel, quantity, value, unit_of(quantity), Quality::Good, ""});
    if (m.state != MinerState::Mining && m.state != MinerState::Idle) {
      out.push_back({channel, "power", 0, "W", Quality::Bad, fmt::format("{}: {}", to_string(m.state), m.error)});
    }
    if (const auto p = m.values.find("power"); p != m.values.end()) power.add(p->second);
    if (const auto h = m.values.find("hashrate_5s"); h != m.values.end()) hashrate.add(h->second);
    if (const auto e = estimated_power(s, m)) {
      estimated.add(*e);
      out.push_back({channel, "power_estimated", *e, "W", Quality::Good, ""});
    }
  }
  const std::size_t n = miners.size();
  out.push_back(power.reading("power", "W", n));
  if (estimates && power.counted < n) out.push_back(estimated.reading("power_estimated", "W", n - power.counted));
  out.push_back(hashrate.reading("hashrate_5s", "TH/s", n));
  const char* names[5] = {"miners_unpolled", "miners_unreachable", "miners_failed", "miners_idle", "miners_mining"};
  for (int i = 0; i < 5; ++i) out.push_back({"total", names[i], static_cast<double>(counts[i]), "", Quality::Good, ""});
  return out;
}

}  // namespace sitepower::miner
