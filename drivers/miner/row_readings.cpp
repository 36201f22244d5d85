#include "row_readings.h"

#include <fmt/format.h>

#include <algorithm>

#include "quality_sum.h"

namespace sitepower::miner {
namespace {

// A row value summed over its miners (the split's QualitySum rule), with the
// error text counting miners rather than naming 2,000 of them.
Reading row_total(const std::string& quantity, const std::string& unit, const QualitySum& sum) {
  Reading r{"total", quantity, sum.value, unit, sum.quality(), ""};
  r.estimated = sum.estimated;
  r.rollup = quantity != "power";  // the row's power is a meter for the tree, not a fleet figure
  const unsigned of = sum.counted + sum.left_out;
  const std::string estimated = sum.estimates ? fmt::format(", {} estimated", sum.estimates) : "";
  switch (r.quality) {
    case Quality::Bad: r.error = fmt::format("none of {} miners reports {}", of, quantity); break;
    case Quality::Partial: r.error = fmt::format("{} of {} miners report {}{}", sum.counted, of, quantity, estimated); break;
    case Quality::Estimated: r.error = fmt::format("{} of {} miners estimated", sum.estimates, of); break;
    default: break;
  }
  return r;
}

// One miner's figure (power, hashrate) and whether it is an estimate.
struct Figure {
  double value = 0;
  bool estimated = false;
};

// A miner's power as it reports it, else as estimated (nullopt: neither).
std::optional<Figure> power_of(const MinerSettings& s, const MinerReport& m) {
  if (const auto p = m.values.find("power"); p != m.values.end()) return Figure{p->second, false};
  if (const auto e = estimated_power(s, m)) return Figure{*e, true};
  return std::nullopt;
}

// What a miner draws now, as far as it is known: its power, or for one that
// does not hash (idle, unreachable) and reports nothing, assumed 0 W and
// marked estimated (after a curtailment a third of a row is switched off; the
// row meter's reconciliation says whether that holds). Failed or not polled:
// unknown.
std::optional<Figure> draw_now(const MinerSettings& s, const MinerReport& m) {
  if (const auto p = power_of(s, m)) return p;
  if (m.state == MinerState::Idle || m.state == MinerState::Unreachable) return Figure{0, true};
  return std::nullopt;
}

// What a miner would draw at full: its power limit as it reports it this
// poll; else as it last reported it (an estimate: the miner does not answer
// now, its limit may have changed); else the site's nameplate (an estimate).
std::optional<Figure> draw_full(const MinerSettings& s, const MinerReport& m) {
  if (m.last_power_limit) return Figure{*m.last_power_limit, !m.values.contains("power_limit")};
  if (s.nameplate_w) return Figure{*s.nameplate_w, true};
  return std::nullopt;
}

void add(QualitySum& sum, const std::optional<Figure>& d, const std::string& channel) {
  if (d) {
    sum.add(d->value, d->estimated ? d->value : 0, d->estimated ? Quality::Estimated : Quality::Good, channel);
  } else {
    sum.add(0, 0, Quality::Missing, channel);
  }
}

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
  QualitySum total_power, hashrate, full, curtailed;
  std::size_t counts[5] = {};
  for (std::size_t i = 0; i < miners.size(); ++i) {
    const MinerReport& m = miners[i];
    const std::string channel = s.channel_of(i);
    ++counts[static_cast<int>(m.state) + 1];
    out.push_back({channel, "state", static_cast<double>(static_cast<int>(m.state)), "", Quality::Good, ""});
    for (const auto& [quantity, value] : m.values) out.push_back({channel, quantity, value, unit_of(quantity), Quality::Good, ""});
    if (m.state != MinerState::Mining && m.state != MinerState::Idle) {
      out.push_back({channel, "power", 0, "W", Quality::Bad, fmt::format("{}: {}", to_string(m.state), m.error)});
    }
    const auto power = power_of(s, m);
    if (power && power->estimated) {
      Reading r{channel, "power", power->value, "W", Quality::Estimated,
                s.efficiency_j_per_th ? fmt::format("estimated: {:g} J/TH x hashrate", *s.efficiency_j_per_th)
                                      : fmt::format("estimated: nameplate {:g} W", *s.nameplate_w)};
      r.estimated = power->value;
      out.push_back(std::move(r));
    }
    add(total_power, power, channel);
    const auto h = m.values.find("hashrate_5s");
    add(hashrate, h != m.values.end() ? std::optional<Figure>(Figure{h->second, false}) : std::nullopt, channel);

    const auto now = draw_now(s, m);
    const auto at_full = draw_full(s, m);
    add(full, at_full, channel);
    if (now && at_full) {
      add(curtailed, Figure{std::max(0.0, at_full->value - now->value), now->estimated || at_full->estimated}, channel);
    } else {
      add(curtailed, std::nullopt, channel);
    }
  }
  out.push_back(row_total("power", "W", total_power));
  out.push_back(row_total("hashrate_5s", "TH/s", hashrate));
  out.push_back(row_total("power_full", "W", full));
  out.push_back(row_total("curtailed_power", "W", curtailed));
  const char* names[5] = {"miners_unpolled", "miners_unreachable", "miners_failed", "miners_idle", "miners_mining"};
  for (int i = 0; i < 5; ++i) {
    Reading r{"total", names[i], static_cast<double>(counts[i]), "", Quality::Good, ""};
    r.rollup = true;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sitepower::miner
