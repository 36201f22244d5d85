#include "telemetry_view.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <map>

namespace sitepower {
namespace {

std::string clock_text(std::int64_t unix_ms) {
  const std::time_t s = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(unix_ms % 1000));
}

std::string kw(double w) { return fmt::format("{:10.1f}", w / 1000.0); }

// A value that is not good is shown only if it is a number; a NaN from a
// device reads "-" so nobody mistakes it for a measurement.
std::string kw_or_dash(double w) { return std::isfinite(w) ? kw(w) : fmt::format("{:>10}", "-"); }

// Headroom is shown only as far as its quality allows: an upper bound is
// marked "<=", and without a value the reason takes its place.
std::string headroom_text(const v1::Telemetry& t) {
  const double pct = t.contracted_capacity_w() > 0 ? 100.0 * t.headroom_w() / t.contracted_capacity_w() : 0;
  switch (t.headroom_quality()) {
    case v1::QUALITY_GOOD: return fmt::format("headroom {} kW ({:.1f}%)", kw(t.headroom_w()), pct);
    case v1::QUALITY_PARTIAL:
      return fmt::format("headroom <= {} kW ({:.1f}%) [PARTIAL: {}]", kw(t.headroom_w()), pct, t.headroom_error());
    default:
      return fmt::format("headroom {:>10}    [{}: {}]", "-", quality_name(t.headroom_quality()), t.headroom_error());
  }
}

}  // namespace

const char* quality_name(v1::Quality q) {
  switch (q) {
    case v1::QUALITY_GOOD: return "good";
    case v1::QUALITY_BAD: return "BAD";
    case v1::QUALITY_STALE: return "STALE";
    case v1::QUALITY_MISSING: return "MISSING";
    case v1::QUALITY_PARTIAL: return "PARTIAL";
    default: return "?";
  }
}

std::string render_table(const v1::Telemetry& t) {
  const auto& o = t.origin();
  std::string out = fmt::format("site {}  agent {}  boot {}  seq {}  {}\n", o.site_id(), o.agent_id(),
                                o.boot_id().substr(0, 8), o.sequence(), clock_text(t.time_unix_ms()));
  out += fmt::format("site power {} kW [{}]   contracted {} kW   {}\n\n", kw(t.site_power_w()),
                     quality_name(t.site_power_quality()), kw(t.contracted_capacity_w()), headroom_text(t));
  out += fmt::format("{:<12} {:>10} {:>7}  {:<8} {}\n", "class", "kW", "share", "quality", "leaves");
  for (const auto& c : t.classes()) {
    const double share = t.site_power_w() != 0 ? 100.0 * c.power_w() / t.site_power_w() : 0;
    const unsigned inputs = c.leaves_counted() + c.leaves_excluded() + c.remainders_negative();
    out += fmt::format("{:<12} {} {:6.1f}%  {:<8} {}/{}{}\n", c.load_class(), kw(c.power_w()), share,
                       quality_name(c.quality()), c.leaves_counted(), inputs,
                       c.remainders_negative() ? fmt::format("  ({} negative, not added)", c.remainders_negative())
                                               : std::string());
  }
  out += fmt::format("\n{:<24} {:>10}  {:<8} {:>10}  {}\n", "node", "kW", "quality", "unmetered", "class");
  std::map<std::string, int> depth;
  for (const auto& g : t.groups()) {
    const int d = g.parent_id().empty() ? 0 : depth[g.parent_id()] + 1;
    depth[g.id()] = d;
    std::string rem;
    if (g.unmetered_quality() == v1::QUALITY_GOOD) {
      rem = kw(g.unmetered_w()) + (g.remainder_negative() ? " NEGATIVE" : "");
    } else if (g.unmetered_quality() != v1::QUALITY_UNSPECIFIED) {
      rem = fmt::format("{:>10}", quality_name(g.unmetered_quality()));
    }
    out += fmt::format("{:<24} {}  {:<8} {:>10}  {}\n", std::string(2 * d, ' ') + g.id(), kw_or_dash(g.power_w()),
                       quality_name(g.quality()), rem, g.load_class());
  }
  std::string problems;
  for (const auto& r : t.readings()) {
    if (r.quality() != v1::QUALITY_GOOD && r.quantity() == "power") {
      problems += fmt::format("  {}/{}: {} ({})\n", r.device_id(), r.channel(), quality_name(r.quality()), r.error());
    }
  }
  if (!problems.empty()) out += "\ndevices not counted:\n" + problems;
  return out;
}

std::string render_readings(const v1::Telemetry& t) {
  std::string out = fmt::format("{:<16} {:<10} {:<16} {:>14} {:<4} {:<8} {}\n", "device", "channel", "quantity",
                                "value", "unit", "quality", "error");
  for (const auto& r : t.readings()) {
    // A bad or missing value is no measurement: "-", not the 0 it carries. A
    // stale one is the last measurement, marked STALE.
    const bool shown = r.quality() == v1::QUALITY_GOOD || r.quality() == v1::QUALITY_STALE;
    const std::string value =
        shown && std::isfinite(r.value()) ? fmt::format("{:14.3f}", r.value()) : fmt::format("{:>14}", "-");
    out += fmt::format("{:<16} {:<10} {:<16} {} {:<4} {:<8} {}\n", r.device_id(), r.channel(), r.quantity(), value,
                       r.unit(), quality_name(r.quality()), r.error());
  }
  return out;
}

std::string render_status_line(const v1::Status& s) {
  std::string drivers;
  for (const auto& d : s.drivers()) {
    drivers += fmt::format(" {}: {} ok {} stale {} bad;", d.driver(), d.devices_ok(), d.devices_stale(), d.devices_bad());
  }
  // Only devices that are not good are named: the line stays short on a healthy site.
  std::string devices;
  for (const auto& d : s.devices()) {
    if (d.quality() == v1::QUALITY_GOOD) continue;
    devices += fmt::format(" {} {} ({}, {} failed polls);", d.device_id(), quality_name(d.quality()), d.error(),
                           d.failed_polls());
  }
  return fmt::format("status {} agent {} v{} up {}s queue {} dropped {} outbox {};{}{}",
                     s.state() == v1::Status::STATE_ONLINE ? "ONLINE" : "OFFLINE", s.origin().agent_id(),
                     s.origin().agent_version(), s.uptime_s(), s.queue_depth(), s.dropped_messages(), s.outbox_mode(),
                     drivers, devices);
}

}  // namespace sitepower
