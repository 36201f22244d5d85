#include "alarm_view.h"

#include <fmt/format.h>

#include "telemetry_view.h"
#include "utc_text.h"

namespace sitepower {
namespace {

const char* severity_name(v1::Alarm::Severity s) {
  switch (s) {
    case v1::Alarm::SEVERITY_CRITICAL: return "CRITICAL";
    case v1::Alarm::SEVERITY_WARNING: return "WARNING";
    case v1::Alarm::SEVERITY_INFO: return "INFO";
    default: return "?";
  }
}

std::string optimistic(const v1::Alarm& a) { return a.possibly_optimistic() ? " [possibly optimistic]" : ""; }

}  // namespace

std::string render_alarms(const v1::ActiveAlarms& a) {
  if (a.alarms_size() == 0) return "alarms: none active\n";
  std::string out = fmt::format("alarms: {} active\n", a.alarms_size());
  for (const auto& x : a.alarms()) {
    out += fmt::format("  {:<8} {:<40} since {}  {}{}\n", severity_name(x.severity()), x.id(),
                       utc_time(x.raised_unix_ms()), x.text(), optimistic(x));
  }
  return out;
}

std::string render_alarm_event(const v1::Alarm& a) {
  return fmt::format("alarm {} {} {} at {}: {}{}", a.active() ? "RAISED" : "CLEARED", severity_name(a.severity()), a.id(),
                     utc_time(a.time_unix_ms()), a.text(), optimistic(a));
}

std::string render_settlement_line(const v1::Settlement& s) {
  const auto& site = s.site();
  const auto& p = s.peak();
  std::string out = fmt::format("settled {}-{}: site ", utc_time(s.start_unix_ms()), utc_time(s.end_unix_ms()));
  // A window without any known time has no energy: "-", never "0.0 kWh".
  if (site.quality() == v1::QUALITY_MISSING) {
    out += "- kWh, demand - kW";
  } else {
    out += fmt::format("{:.1f} kWh, demand {:.1f} kW", site.energy_wh() / 1000, site.demand_w() / 1000);
    if (p.contracted_w() > 0) out += fmt::format(" ({:.1f}% of contract)", 100 * site.demand_w() / p.contracted_w());
  }
  out += fmt::format(" [{}], coverage {:.1f}%", quality_name(site.quality()), 100 * site.coverage());
  if (site.unknown_s() > 0) out += fmt::format(" ({:.0f} s unknown)", site.unknown_s());
  out += fmt::format("; period {:.1f} kWh [{}], peak {:.1f} kW (window from {})", site.period_energy_wh() / 1000,
                     quality_name(site.period_quality()), p.peak_w() / 1000, utc_time(p.peak_window_start_unix_ms()));
  return out;
}

}  // namespace sitepower
