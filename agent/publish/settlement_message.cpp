#include "settlement_message.h"

#include "wire_values.h"

namespace sitepower {
namespace {

void set_series(const SeriesEnergy& e, double window_s, std::int64_t period_start_ms, std::int64_t end_ms,
                v1::SeriesEnergy* out) {
  const EnergyTally& t = e.figures.energy;
  out->set_id(e.id);
  out->set_source(e.from_counter ? v1::ENERGY_SOURCE_COUNTER : v1::ENERGY_SOURCE_INTEGRATED);
  out->set_energy_wh(t.wh);
  out->set_estimated_wh(t.estimated_wh);
  out->set_demand_w(e.figures.demand_w);
  const double known = std::min(t.known_s, window_s);
  out->set_known_s(known);
  // Everything not known is unknown: gaps seen, and time the agent was not running.
  out->set_unknown_s(window_s - known);
  const double coverage = window_s > 0 ? known / window_s : 0;
  out->set_coverage(coverage);
  out->set_quality(to_proto(energy_quality(t, coverage)));
  out->set_gaps(t.gaps);
  out->set_counter_resets(t.resets);
  out->set_counter_wraps(t.wraps);
  out->set_period_energy_wh(e.period.wh);
  out->set_period_estimated_wh(e.period.estimated_wh);
  const double period_s = static_cast<double>(end_ms - period_start_ms) / 1000;
  const double period_coverage = period_s > 0 ? std::min(1.0, e.period.known_s / period_s) : 0;
  out->set_period_coverage(period_coverage);
  EnergyTally period;
  period.known_s = e.period.known_s;
  period.estimated_wh = e.period.estimated_wh;
  out->set_period_quality(to_proto(energy_quality(period, period_coverage)));
  out->set_period_peak_demand_w(e.period.peak_w);
  out->set_period_peak_window_start_unix_ms(e.period.peak_window_start_unix_ms);
}

}  // namespace

v1::Settlement settlement_message(const Settlement& s, std::chrono::minutes window) {
  v1::Settlement m;
  const double window_s = static_cast<double>(std::chrono::seconds(window).count());
  m.set_start_unix_ms(s.start_unix_ms);
  m.set_end_unix_ms(s.end_unix_ms);
  m.set_window_s(static_cast<std::uint32_t>(window_s));
  const std::int64_t from = s.period_start_unix_ms, to = s.end_unix_ms;
  set_series(s.site, window_s, from, to, m.mutable_site());
  for (const auto& c : s.classes) set_series(c, window_s, from, to, m.add_classes());
  for (const auto& n : s.nodes) set_series(n, window_s, from, to, m.add_nodes());
  m.set_period_start_unix_ms(s.period_start_unix_ms);
  v1::BillingPeak* p = m.mutable_peak();
  p->set_period_start_unix_ms(s.peak.period_start_unix_ms);
  p->set_peak_w(s.peak.peak_w);
  p->set_peak_window_start_unix_ms(s.peak.peak_window_start_unix_ms);
  p->set_peak_coverage(s.peak.peak_coverage);
  p->set_contracted_w(s.contracted_w);
  p->set_peak_ratio(s.contracted_w > 0 ? s.peak.peak_w / s.contracted_w : 0);
  return m;
}

}  // namespace sitepower
