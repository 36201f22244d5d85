#include "energy_book.h"

#include <string_view>
#include <utility>

namespace sitepower {
namespace {

const std::string kSite = "site";

// An energy counter's value in Wh (drivers give Wh; some profiles kWh).
double to_wh(const Reading& r) {
  if (r.unit == "kWh") return r.value * 1e3;
  if (r.unit == "MWh") return r.value * 1e6;
  return r.value;
}

// The cycle's GOOD energy counters by (device, channel), made in one pass:
// looking each metered node's up in it, not scanning every reading per node
// (that was 815 nodes x 40,000 readings of string compares a cycle on the
// large bench site, BENCHMARKS.md).
using MeterCounters = std::map<std::pair<std::string_view, std::string_view>, const StoredReading*>;

MeterCounters meter_counters(const std::vector<StoredReading>& readings) {
  MeterCounters out;
  for (const StoredReading& r : readings) {
    if (r.reading.quantity == "energy_import" && r.reading.quality == Quality::Good) {
      out.try_emplace({r.device, r.reading.channel}, &r);  // the first, as the scan found it
    }
  }
  return out;
}

// The GOOD energy counter on a node's meter (its device and channel), if any.
const StoredReading* meter_counter(const TreeNode& node, const MeterCounters& counters) {
  if (!node.meter || node.meter->outlets) return nullptr;
  auto it = counters.find({node.meter->device, node.meter->channel});
  return it == counters.end() ? nullptr : it->second;
}

}  // namespace

std::int64_t billing_period_start_ms(WallTime wall, int day) {
  using namespace std::chrono;
  const year_month_day today{floor<days>(wall)};
  year_month month = today.year() / today.month();
  if (today.day() < std::chrono::day(static_cast<unsigned>(day))) month -= months(1);
  const sys_days start{month / std::chrono::day(static_cast<unsigned>(day))};
  return duration_cast<milliseconds>(start.time_since_epoch()).count();
}

EnergyBook::EnergyBook(std::chrono::minutes window, int billing_day, std::chrono::milliseconds max_gap,
                       EnergyBookState state)
    : window_(window), billing_day_(billing_day), max_gap_(max_gap), peak_(state.peak), period_(state.period) {
  for (auto& [key, s] : state.power) power_.emplace(key, DemandWindow(window_, max_gap_, s));
  for (auto& [key, s] : state.counters) counters_.emplace(key, CounterWindow(window_, s));
}

EnergyBookState EnergyBook::state() const {
  EnergyBookState s;
  for (const auto& [key, w] : power_) s.power.emplace(key, w.state());
  for (const auto& [key, w] : counters_) s.counters.emplace(key, w.state());
  s.peak = peak_;
  s.period = period_;
  return s;
}

void EnergyBook::feed_power(const std::string& key, WallTime wall, double watts, double estimated_w, Quality quality) {
  fed_.insert(key);
  auto it = power_.try_emplace(key, window_, max_gap_).first;
  if (auto c = it->second.add(wall, watts, estimated_w, quality)) closed_[key] = *c;
}

void EnergyBook::feed_counter(const std::string& key, WallTime wall, const StoredReading* counter) {
  auto it = counters_.find(key);
  if (it == counters_.end()) {
    if (!counter) return;  // a node whose meter has no counter is integrated
    it = counters_.emplace(key, CounterWindow(window_)).first;
  }
  fed_counters_.insert(key);
  if (counter) {
    if (auto c = it->second.add(counter->wall, to_wh(counter->reading), counter->reading.counter_span)) {
      closed_counters_[key] = *c;
    }
  }
  if (auto c = it->second.roll(wall)) closed_counters_[key] = *c;
}

SeriesEnergy EnergyBook::settled(const std::string& id, const std::string& key) const {
  SeriesEnergy e;
  e.id = id;
  if (auto c = closed_counters_.find(key); c != closed_counters_.end()) {
    e.figures = c->second;
    e.from_counter = true;
  } else {
    e.figures = closed_.at(key);
  }
  return e;
}

std::optional<Settlement> EnergyBook::add(WallTime wall, const SiteModel& site, const SplitResult& split,
                                          const std::vector<StoredReading>& readings) {
  fed_.clear();
  fed_counters_.clear();
  closed_.clear();
  closed_counters_.clear();
  feed_power(kSite, wall, split.site_power_w, split.site_estimated_w, split.site_quality);
  for (const auto& [name, total] : split.classes) {
    feed_power("class:" + name, wall, total.power_w, total.estimated_w, total.quality());
  }
  const MeterCounters counters = meter_counters(readings);
  for (std::size_t i = 0; i < split.nodes.size() && i < site.tree.size(); ++i) {
    const NodePower& n = split.nodes[i];
    feed_power("node:" + n.id, wall, n.power_w, n.estimated_w, n.quality);
    feed_counter("node:" + n.id, wall, meter_counter(site.tree[i], counters));
  }
  // Series no longer in the split (a reload removed a node or class) go.
  std::erase_if(power_, [this](const auto& p) { return !fed_.count(p.first); });
  std::erase_if(counters_, [this](const auto& p) { return !fed_counters_.count(p.first); });

  auto site_closed = closed_.find(kSite);
  if (site_closed == closed_.end()) return std::nullopt;
  Settlement s;
  s.start_unix_ms = site_closed->second.start_unix_ms;
  s.end_unix_ms = site_closed->second.end_unix_ms;
  s.contracted_w = split.contracted_w;
  // The site's energy is its root meter's counter where it has one.
  const std::string root = split.nodes.empty() ? kSite : "node:" + split.nodes.front().id;
  s.site = settled(kSite, closed_counters_.count(root) ? root : kSite);
  for (const auto& [name, total] : split.classes) {
    if (closed_.count("class:" + name)) s.classes.push_back(settled(name, "class:" + name));
  }
  for (const NodePower& n : split.nodes) {
    const std::string key = "node:" + n.id;
    if (closed_.count(key) || closed_counters_.count(key)) s.nodes.push_back(settled(n.id, key));
  }
  count_period(s);
  return s;
}

// Adds the window to its billing period's totals (a new period starts them
// again) and gives each series its period so far.
void EnergyBook::count_period(Settlement& s) {
  const std::int64_t period = billing_period_start_ms(WallTime(std::chrono::milliseconds(s.start_unix_ms)), billing_day_);
  if (period != peak_.period_start_unix_ms) {
    peak_ = BillingPeak{period, 0, 0, 0};
    period_.clear();
  }
  s.period_start_unix_ms = period;
  std::set<std::string> settled_keys;
  auto add = [&](const std::string& key, SeriesEnergy& e) {
    settled_keys.insert(key);
    PeriodTotal& t = period_[key];
    t.wh += e.figures.energy.wh;
    t.estimated_wh += e.figures.energy.estimated_wh;
    t.known_s += e.figures.energy.known_s;
    if (e.figures.demand_w > t.peak_w || t.peak_window_start_unix_ms == 0) {
      t.peak_w = e.figures.demand_w;
      t.peak_window_start_unix_ms = s.start_unix_ms;
    }
    e.period = t;
  };
  add(kSite, s.site);
  for (auto& c : s.classes) add("class:" + c.id, c);
  for (auto& n : s.nodes) add("node:" + n.id, n);
  // Series gone from the config leave the period's books with it.
  std::erase_if(period_, [&](const auto& p) { return !settled_keys.count(p.first); });
  if (s.site.figures.demand_w > peak_.peak_w || peak_.peak_window_start_unix_ms == 0) {
    peak_.peak_w = s.site.figures.demand_w;
    peak_.peak_window_start_unix_ms = s.start_unix_ms;
    peak_.peak_coverage = s.site.figures.coverage;
  }
  s.peak = peak_;
}

std::optional<DemandFigures> EnergyBook::site_current() const {
  auto it = power_.find(kSite);
  if (it == power_.end()) return std::nullopt;
  return it->second.current();
}

}  // namespace sitepower
