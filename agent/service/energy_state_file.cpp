#include "energy_state_file.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "replaced_file.h"
#include "sitepower/state/v1/energy_state.pb.h"

namespace sitepower {
namespace {

namespace pb = sitepower::state::v1;

void to_proto(const EnergyTally& t, pb::Tally* out) {
  out->set_wh(t.wh);
  out->set_estimated_wh(t.estimated_wh);
  out->set_known_s(t.known_s);
  out->set_unknown_s(t.unknown_s);
  out->set_gaps(t.gaps);
  out->set_resets(t.resets);
  out->set_wraps(t.wraps);
}

EnergyTally from_proto(const pb::Tally& t) {
  return EnergyTally{t.wh(), t.estimated_wh(), t.known_s(), t.unknown_s(), t.gaps(), t.resets(), t.wraps()};
}

std::int64_t ms_of(WallTime t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
WallTime wall_of(std::int64_t ms) { return WallTime(std::chrono::milliseconds(ms)); }

pb::EnergyState encode(const EnergyBookState& s, std::chrono::minutes window, WallTime now) {
  pb::EnergyState m;
  m.set_window_min(static_cast<std::uint32_t>(window.count()));
  for (const auto& [key, w] : s.power) {
    pb::PowerSeries* p = m.add_power();
    p->set_key(key);
    p->set_window(w.window);
    to_proto(w.integral.tally, p->mutable_tally());
    p->set_in_gap(w.integral.in_gap);
    if (w.last) {
      p->set_has_last(true);
      p->set_last_unix_ms(ms_of(w.last->wall));
      p->set_last_w(w.last->watts);
      p->set_last_estimated_w(w.last->estimated_w);
      p->set_last_quality(static_cast<int>(w.last->quality));
    }
  }
  for (const auto& [key, c] : s.counters) {
    pb::CounterSeries* p = m.add_counters();
    p->set_key(key);
    p->set_window(c.window);
    to_proto(c.tally, p->mutable_tally());
    if (c.last_wall) {
      p->set_has_last(true);
      p->set_last_unix_ms(ms_of(*c.last_wall));
      p->set_last_wh(c.last_wh);
    }
  }
  m.set_peak_period_start_unix_ms(s.peak.period_start_unix_ms);
  m.set_peak_w(s.peak.peak_w);
  m.set_peak_window_start_unix_ms(s.peak.peak_window_start_unix_ms);
  m.set_peak_coverage(s.peak.peak_coverage);
  m.set_written_unix_ms(ms_of(now));
  for (const auto& [key, t] : s.period) {
    pb::PeriodSeries* p = m.add_period();
    p->set_key(key);
    p->set_wh(t.wh);
    p->set_estimated_wh(t.estimated_wh);
    p->set_known_s(t.known_s);
    p->set_peak_w(t.peak_w);
    p->set_peak_window_start_unix_ms(t.peak_window_start_unix_ms);
  }
  return m;
}

EnergyBookState decode(const pb::EnergyState& m) {
  EnergyBookState s;
  for (const pb::PowerSeries& p : m.power()) {
    DemandWindowState w;
    w.window = p.window();
    w.integral.tally = from_proto(p.tally());
    w.integral.in_gap = p.in_gap();
    if (p.has_last()) {
      const auto q = static_cast<Quality>(p.last_quality());
      w.last = PowerSample{wall_of(p.last_unix_ms()), p.last_w(), p.last_estimated_w(), q};
      // The integral runs on the wall clock's axis (demand_window.cpp).
      w.integral.last = EnergySample{EnergyIntegral::Time(std::chrono::milliseconds(p.last_unix_ms())),
                                     has_value(q) ? p.last_w() : 0, has_value(q) ? p.last_estimated_w() : 0,
                                     has_value(q)};
    }
    s.power.emplace(p.key(), w);
  }
  for (const pb::CounterSeries& p : m.counters()) {
    CounterWindowState c;
    c.window = p.window();
    c.tally = from_proto(p.tally());
    if (p.has_last()) {
      c.last_wall = wall_of(p.last_unix_ms());
      c.last_wh = p.last_wh();
    }
    s.counters.emplace(p.key(), c);
  }
  s.peak = BillingPeak{m.peak_period_start_unix_ms(), m.peak_w(), m.peak_window_start_unix_ms(), m.peak_coverage()};
  for (const pb::PeriodSeries& p : m.period()) {
    s.period.emplace(p.key(), PeriodTotal{p.wh(), p.estimated_wh(), p.known_s(), p.peak_w(), p.peak_window_start_unix_ms()});
  }
  return s;
}

// The file is the agent's own, but a disk or a hand can corrupt it: every
// value is checked before the books trust it, and one bad value rejects the
// file (its books could not be told apart from a corrupted remainder).
constexpr std::int64_t kLatestMs = 4'102'444'800'000;  // 2100-01-01
bool sane_time(std::int64_t ms) { return ms >= 0 && ms <= kLatestMs; }
bool sane_window(std::int64_t window) { return window >= 0 && window <= kLatestMs / 60'000; }
bool sane_amount(double v) { return std::isfinite(v) && v >= 0; }
bool sane(const pb::Tally& t) {
  return std::isfinite(t.wh()) && std::isfinite(t.estimated_wh()) && sane_amount(t.known_s()) &&
         sane_amount(t.unknown_s());
}
bool sane(const pb::EnergyState& m) {
  if (m.window_min() == 0 || m.window_min() > 60) return false;
  for (const auto& p : m.power()) {
    if (!sane_window(p.window()) || !sane(p.tally())) return false;
    if (p.has_last() && (!sane_time(p.last_unix_ms()) || !std::isfinite(p.last_w()) ||
                         !std::isfinite(p.last_estimated_w()) || p.last_quality() < 0 || p.last_quality() > static_cast<int>(Quality::Estimated))) {
      return false;
    }
  }
  for (const auto& c : m.counters()) {
    if (!sane_window(c.window()) || !sane(c.tally())) return false;
    if (c.has_last() && (!sane_time(c.last_unix_ms()) || !std::isfinite(c.last_wh()))) return false;
  }
  for (const auto& p : m.period()) {
    if (!std::isfinite(p.wh()) || !std::isfinite(p.estimated_wh()) || !sane_amount(p.known_s()) ||
        !std::isfinite(p.peak_w()) || !sane_time(p.peak_window_start_unix_ms())) {
      return false;
    }
  }
  return sane_time(m.peak_period_start_unix_ms()) && sane_time(m.peak_window_start_unix_ms()) &&
         std::isfinite(m.peak_w()) && std::isfinite(m.peak_coverage());
}

}  // namespace

std::optional<EnergyBookState> parse_energy_state(const std::string& bytes, std::uint32_t* window_min) {
  pb::EnergyState m;
  if (!m.ParseFromString(bytes) || !sane(m)) return std::nullopt;
  if (window_min) *window_min = m.window_min();
  return decode(m);
}

std::optional<EnergyBookState> EnergyStateFile::load(std::chrono::minutes window) const {
  const std::filesystem::path path = std::filesystem::path(dir_) / kName;
  const std::optional<std::string> bytes = read_whole_file(path);
  if (!bytes) return std::nullopt;
  std::uint32_t window_min = 0;
  std::optional<EnergyBookState> state = parse_energy_state(*bytes, &window_min);
  if (!state) {
    std::error_code ec;
    std::filesystem::rename(path, path.string() + ".bad", ec);
    spdlog::error("energy books {}: not a state file, or one with impossible values; set aside as {}.bad, the books start empty", path.string(),
                  path.string());
    return std::nullopt;
  }
  if (window_min != window.count()) {
    spdlog::warn("energy books {}: kept for {} min windows, the config says {}: the books start empty",
                 path.string(), window_min, window.count());
    return std::nullopt;
  }
  spdlog::info("energy books resumed from {} ({} series)", path.string(), state->power.size() + state->counters.size());
  return state;
}

void EnergyStateFile::save(const EnergyBookState& state, std::chrono::minutes window, WallTime now) {
  const std::filesystem::path path = std::filesystem::path(dir_) / kName;
  const int err = replace_file(path, encode(state, window, now).SerializeAsString());
  if (err != 0 && !warned_) {
    // Once: a full or read-only disk must not log every cycle.
    spdlog::warn("energy books {}: cannot write ({}); a restart will not resume them", path.string(), std::strerror(err));
  }
  warned_ = err != 0;
}

}  // namespace sitepower
