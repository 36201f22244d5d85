#include "telemetry_view.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <string_view>

#include "utc_text.h"

namespace sitepower {
namespace {

std::string kw(double w) { return fmt::format("{:10.1f}", w / 1000.0); }

// The demand window: its running and projected demand against the contract,
// and how much of it the agent saw.
std::string demand_text(const v1::Telemetry& t) {
  if (!t.has_demand()) return "";
  const auto& d = t.demand();
  std::string out = fmt::format("demand {}-{}Z  ", utc_hour_minute(d.start_unix_ms()), utc_hour_minute(d.end_unix_ms()));
  // No time of the window backed by data yet: its zeros are not a demand.
  if (d.quality() == v1::QUALITY_MISSING) return out + "average          - kW  projected          - kW  [MISSING]\n";
  out += fmt::format("average {} kW  projected {} kW", kw(d.average_w()), kw(d.projected_w()));
  if (t.contracted_capacity_w() > 0) {
    out += fmt::format(" ({:.1f}% of contract)", 100.0 * d.projected_w() / t.contracted_capacity_w());
  }
  // Less than whole: the agent started inside the window, or site power had no value for a while.
  if (d.coverage() < 0.999) out += fmt::format("  [coverage {:.0f}%]", 100.0 * d.coverage());
  if (d.estimated_wh() > 0) out += fmt::format("  (of which {:.1f} kWh estimated)", d.estimated_wh() / 1000);
  return out + "\n";
}

// A value that is not good is shown only if it is a number; a NaN from a
// device reads "-" so nobody mistakes it for a measurement.
std::string kw_or_dash(double w) { return std::isfinite(w) ? kw(w) : fmt::format("{:>10}", "-"); }

// Headroom is shown only as far as its quality allows: an upper bound is
// marked "<=", and without a value the reason takes its place.
std::string headroom_text(const v1::Telemetry& t) {
  const double pct = t.contracted_capacity_w() > 0 ? 100.0 * t.headroom_w() / t.contracted_capacity_w() : 0;
  switch (t.headroom_quality()) {
    case v1::QUALITY_GOOD: return fmt::format("headroom {} kW ({:.1f}%)", kw(t.headroom_w()), pct);
    case v1::QUALITY_ESTIMATED:
      return fmt::format("headroom {} kW ({:.1f}%) [ESTIMATED: {}]", kw(t.headroom_w()), pct, t.headroom_error());
    case v1::QUALITY_PARTIAL:
      return fmt::format("headroom <= {} kW ({:.1f}%) [PARTIAL: {}]", kw(t.headroom_w()), pct, t.headroom_error());
    default:
      return fmt::format("headroom {:>10}    [{}: {}]", "-", quality_name(t.headroom_quality()), t.headroom_error());
  }
}

// " (of which N kW estimated)" where some of a value is estimated.
std::string estimated_text(double estimated_w) {
  return estimated_w > 0 ? fmt::format("  (of which {:.1f} kW estimated)", estimated_w / 1000.0) : std::string();
}

// A fleet's sums, one line: "miners_mining 120, hashrate_5s 12000.0 TH/s, curtailed_power 210.0 kW".
std::string rollups_text(const google::protobuf::RepeatedPtrField<v1::Rollup>& rollups) {
  std::string out;
  for (const auto& r : rollups) {
    std::string value = r.unit() == "W"   ? fmt::format("{:.1f} kW", r.value() / 1000.0)
                        : r.unit().empty() ? fmt::format("{:g}", r.value())
                                           : fmt::format("{:.1f} {}", r.value(), r.unit());
    if (r.quality() != v1::QUALITY_GOOD) value += fmt::format(" [{}]", quality_name(r.quality()));
    out += (out.empty() ? "" : ", ") + r.quantity() + " " + value;
  }
  return out;
}

const v1::Rollup* find_rollup(const v1::GroupPower& g, std::string_view quantity) {
  for (const auto& r : g.rollups()) {
    if (r.quantity() == quantity) return &r;
  }
  return nullptr;
}

bool whole(v1::Quality q) { return q == v1::QUALITY_GOOD || q == v1::QUALITY_ESTIMATED; }

// Power figures as fixed-width cells: kW and a one-letter mark, explained
// under the table for the marks it shows; the quality in place of a value the
// figure does not have; "-" where the node has no such figure.
class PowerCells {
 public:
  std::string absent() const { return fmt::format("{:>10}  ", "-"); }
  std::string value(double w, char mark) {
    if (mark != ' ') used_.insert(mark);
    return kw(w) + ' ' + mark;
  }
  std::string rollup(const v1::Rollup* r) {
    if (!r) return absent();
    switch (r->quality()) {
      case v1::QUALITY_GOOD: return value(r->value(), ' ');
      case v1::QUALITY_ESTIMATED: return value(r->value(), 'E');
      case v1::QUALITY_PARTIAL: return value(r->value(), 'P');
      default: return fmt::format("{:>10}  ", quality_name(r->quality()));
    }
  }
  // Non-GPU power where the node's devices do not give it (the BMC reports
  // the chassis, DCGM the GPUs): reported minus GPU, only when both are
  // whole, marked '~': the table's arithmetic, never published.
  std::string non_gpu(const v1::GroupPower& g) {
    if (const v1::Rollup* given = find_rollup(g, "non_gpu_power")) return rollup(given);
    const v1::Rollup* gpu = find_rollup(g, "gpu_power");
    const auto& r = g.reconciliation();
    if (!gpu || !whole(gpu->quality()) || !whole(r.reported_quality())) return absent();
    return value(r.reported_w() - gpu->value(), '~');
  }
  std::string legend() const {
    static const std::map<char, const char*> kMeaning{
        {'E', "E in part estimated"}, {'P', "P some devices left out"}, {'~', "~ reported - GPU, derived here (not published)"}};
    std::string out;
    for (const char mark : used_) out += (out.empty() ? "marks: " : ", ") + std::string(kMeaning.at(mark));
    return out.empty() ? out : out + "\n";
  }

 private:
  std::set<char> used_;
};

// Meter against device-reported power, for the nodes that have both, with
// the node's GPU and non-GPU power (GPU servers' rollups) and curtailed kW
// (miners').
std::string reconciliation_table(const v1::Telemetry& t) {
  std::string out;
  PowerCells cells;
  for (const auto& g : t.groups()) {
    if (!g.has_reconciliation()) continue;
    const auto& r = g.reconciliation();
    const bool shown = r.quality() == v1::QUALITY_GOOD || r.quality() == v1::QUALITY_ESTIMATED ||
                       r.quality() == v1::QUALITY_PARTIAL;
    out += fmt::format("{:<16} {} {} {} {} {} {:>7}  {:<9} {:<12} {} {}\n", g.id(), kw(r.measured_w()),
                       shown ? kw(r.reported_w()) : fmt::format("{:>10}", "-"), cells.rollup(find_rollup(g, "gpu_power")),
                       cells.non_gpu(g), shown ? kw(r.difference_w()) : fmt::format("{:>10}", "-"),
                       shown && r.measured_w() > 0 ? fmt::format("{:.3f}", r.ratio()) : "-", quality_name(r.quality()),
                       r.out_of_band() ? "OUT OF BAND" : "", cells.rollup(find_rollup(g, "curtailed_power")), r.error());
  }
  if (out.empty()) return out;
  return fmt::format("\n{:<16} {:>10} {:>10} {:>10}   {:>10}   {:>10} {:>7}  {:<9} {:<12} {:>10}\n", "meter vs reported",
                     "meter kW", "reported", "GPU", "non-GPU", "difference", "ratio", "quality", "band", "curtailed") +
         out + cells.legend();
}

}  // namespace

const char* quality_name(v1::Quality q) {
  switch (q) {
    case v1::QUALITY_GOOD: return "good";
    case v1::QUALITY_BAD: return "BAD";
    case v1::QUALITY_STALE: return "STALE";
    case v1::QUALITY_MISSING: return "MISSING";
    case v1::QUALITY_PARTIAL: return "PARTIAL";
    case v1::QUALITY_ESTIMATED: return "ESTIMATED";
    default: return "?";
  }
}

std::string render_table(const v1::Telemetry& t) {
  const auto& o = t.origin();
  std::string out = fmt::format("site {}  agent {}  boot {}  seq {}  {}\n", o.site_id(), o.agent_id(),
                                o.boot_id().substr(0, 8), o.sequence(), utc_date_time(t.time_unix_ms()));
  out += fmt::format("site power {} kW [{}]{}   contracted {} kW   {}\n", kw(t.site_power_w()),
                     quality_name(t.site_power_quality()), estimated_text(t.site_power_estimated_w()),
                     kw(t.contracted_capacity_w()), headroom_text(t));
  out += demand_text(t) + "\n";
  out += fmt::format("{:<12} {:>10} {:>7}  {:<8} {}\n", "class", "kW", "share", "quality", "leaves");
  for (const auto& c : t.classes()) {
    const double share = t.site_power_w() != 0 ? 100.0 * c.power_w() / t.site_power_w() : 0;
    const unsigned inputs = c.leaves_counted() + c.leaves_excluded() + c.remainders_negative();
    out += fmt::format("{:<12} {} {:6.1f}%  {:<8} {}/{}{}{}\n", c.load_class(), kw(c.power_w()), share,
                       quality_name(c.quality()), c.leaves_counted(), inputs,
                       c.remainders_negative() ? fmt::format("  ({} negative, not added)", c.remainders_negative())
                                               : std::string(),
                       estimated_text(c.estimated_w()));
    if (c.rollups_size() > 0) out += fmt::format("{:<12} {}\n", "", rollups_text(c.rollups()));
  }
  out += fmt::format("\n{:<24} {:>10}  {:<8} {:>10}  {}\n", "node", "kW", "quality", "unmetered", "class");
  std::map<std::string, int> depth;
  for (const auto& g : t.groups()) {
    const int d = g.parent_id().empty() ? 0 : depth[g.parent_id()] + 1;
    depth[g.id()] = d;
    std::string rem;
    if (g.unmetered_quality() == v1::QUALITY_GOOD || g.unmetered_quality() == v1::QUALITY_ESTIMATED) {
      rem = kw(g.unmetered_w()) + (g.remainder_negative() ? " NEGATIVE" : "") +
            (g.unmetered_quality() == v1::QUALITY_ESTIMATED ? " ESTIMATED" : "");
    } else if (g.unmetered_quality() != v1::QUALITY_UNSPECIFIED) {
      rem = fmt::format("{:>10}", quality_name(g.unmetered_quality()));
    }
    out += fmt::format("{:<24} {}  {:<8} {:>10}  {}\n", std::string(2 * d, ' ') + g.id(), kw_or_dash(g.power_w()),
                       quality_name(g.quality()), rem, g.load_class());
  }
  out += reconciliation_table(t);
  std::string problems;
  for (const auto& r : t.readings()) {
    if (r.quality() != v1::QUALITY_GOOD && r.quality() != v1::QUALITY_ESTIMATED && r.quantity() == "power") {
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
    const bool shown = r.quality() == v1::QUALITY_GOOD || r.quality() == v1::QUALITY_STALE ||
                       r.quality() == v1::QUALITY_ESTIMATED || r.quality() == v1::QUALITY_PARTIAL;
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
