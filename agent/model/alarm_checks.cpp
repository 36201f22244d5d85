#include "alarm_checks.h"

#include <fmt/format.h>

#include <algorithm>

namespace sitepower {
namespace {

using Direction = ThresholdAlarm::Direction;
// Units are assigned as std::string, not from a literal: GCC 12's -Wrestrict
// misreads string::operator=(const char*) at -O2 on armhf (GCC bug 105329).

std::string kw(double w) { return fmt::format("{:.1f} kW", w / 1000); }

// "12:15" of a time in ms since the epoch, UTC.
std::string hhmm(std::int64_t unix_ms) {
  const std::int64_t minute = unix_ms / 60000 % 1440;
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

void headroom(std::vector<AlarmCheck>& out, const AlarmSettings& s, const AlarmInputs& in) {
  const SplitResult& split = in.split;
  if (split.contracted_w <= 0) return;
  const double band = split.contracted_w * s.hysteresis_pct / 100;
  const bool known = has_value(split.headroom_quality);
  struct Level {
    const char* code;
    AlarmSeverity severity;
    double threshold;
  };
  const Level levels[] = {
      {"headroom_low", AlarmSeverity::Warning, s.headroom_warn_w.value_or(split.contracted_w * s.headroom_warn_pct / 100)},
      {"headroom_critical", AlarmSeverity::Critical,
       s.headroom_critical_w.value_or(split.contracted_w * s.headroom_critical_pct / 100)},
  };
  for (const Level& l : levels) {
    AlarmCheck c;
    c.code = l.code;
    c.subject = "site";
    c.severity = l.severity;
    c.direction = Direction::Below;
    c.raise_at = l.threshold;
    c.clear_at = l.threshold + band;
    c.hold = s.hold;
    if (known) c.judged = split.headroom_w;
    c.value = split.headroom_w;
    c.threshold = l.threshold;
    c.unit = std::string("W");
    c.possibly_optimistic = split.headroom_quality == Quality::Partial;
    c.text = fmt::format("headroom {}{} under {} of {} contracted ({:.1f} %){}", c.possibly_optimistic ? "<= " : "",
                         kw(split.headroom_w), kw(l.threshold), kw(split.contracted_w),
                         100 * split.headroom_w / split.contracted_w,
                         c.possibly_optimistic ? "; site power is PARTIAL, so the real headroom may be lower" : "");
    out.push_back(c);
  }
}

void demand(std::vector<AlarmCheck>& out, const AlarmSettings& s, const AlarmInputs& in) {
  if (in.split.contracted_w <= 0 || !in.demand) return;
  AlarmCheck c;
  c.code = "demand_over_contract";
  c.subject = "site";
  c.direction = Direction::Above;
  c.raise_at = in.split.contracted_w * s.demand_ratio;
  c.clear_at = c.raise_at - in.split.contracted_w * s.hysteresis_pct / 100;
  c.hold = s.hold;
  c.judged = in.demand->projected_w;
  c.value = in.demand->projected_w;
  c.threshold = c.raise_at;
  c.unit = std::string("W");
  c.text = fmt::format("demand window {}-{}Z projected at {}, over {} (contract {})", hhmm(in.demand->start_unix_ms),
                       hhmm(in.demand->end_unix_ms), kw(c.value), kw(c.threshold), kw(in.split.contracted_w));
  out.push_back(c);
}

void devices(std::vector<AlarmCheck>& out, const AlarmSettings& s, const AlarmInputs& in) {
  const double limit_s = std::chrono::duration<double>(s.device_lost).count();
  for (const DeviceCondition& d : in.devices) {
    const bool silent = d.quality == Quality::Stale || d.quality == Quality::Missing;
    const double for_s = silent ? std::max(0.0, std::chrono::duration<double>(in.wall - d.since).count()) : 0;
    AlarmCheck c;
    c.code = "device_lost";
    c.subject = d.id;
    c.direction = Direction::Above;
    c.raise_at = limit_s;
    c.clear_at = 0;  // cleared when it answers again
    c.judged = for_s;
    c.value = for_s;
    c.threshold = limit_s;
    c.unit = std::string("s");
    c.text = silent ? fmt::format("{} ({}) {} for {:.0f} s: {}", d.id, d.driver,
                                  d.quality == Quality::Stale ? "stale" : "never answered", for_s,
                                  d.error.empty() ? "no answer" : d.error)
                    : fmt::format("{} ({}) answers again", d.id, d.driver);
    out.push_back(c);
  }
}

void nodes(std::vector<AlarmCheck>& out, const AlarmSettings& s, const AlarmInputs& in) {
  for (const NodePower& n : in.split.nodes) {
    if (n.has_remainder) {
      AlarmCheck c;
      c.code = "negative_remainder";
      c.subject = n.id;
      c.direction = Direction::Below;
      c.raise_at = -in.site.unmetered_tolerance_w;
      c.clear_at = -in.site.unmetered_tolerance_w;
      c.hold = s.hold;
      if (has_value(n.unmetered_quality)) c.judged = n.unmetered_w;
      c.value = n.unmetered_w;
      c.threshold = c.raise_at;
      c.unit = std::string("W");
      c.text = fmt::format("{}: its children read {} more than its meter (CT polarity or a tree error?)", n.id,
                           kw(-n.unmetered_w));
      out.push_back(c);
    }
    if (n.reconciliation) {
      const Reconciliation& r = *n.reconciliation;
      const ReconcileBand& band = in.split.reconcile_band;
      // Judged: both sides whole and the meter big enough (an out-of-band ratio says so in `error` too).
      const bool judged =
          (r.quality == Quality::Good || r.quality == Quality::Estimated) && (r.out_of_band || r.error.empty());
      AlarmCheck c;
      c.code = "reconciliation_out_of_band";
      c.subject = n.id;
      c.direction = Direction::Above;
      c.raise_at = 0;  // judged: how far the ratio is outside the band
      c.clear_at = 0;
      c.hold = s.hold;
      if (judged) c.judged = std::max(band.ratio_min - r.ratio, r.ratio - band.ratio_max);
      c.value = r.ratio;
      c.threshold = r.ratio < band.ratio_min ? band.ratio_min : band.ratio_max;
      c.unit = std::string("ratio");
      c.text = fmt::format("{}: devices report {:.3f} of the meter's {} (band {:.2f}-{:.2f})", n.id, r.ratio,
                           kw(r.measured_w), band.ratio_min, band.ratio_max);
      out.push_back(c);
    }
  }
}

void agent(std::vector<AlarmCheck>& out, const AlarmSettings& s, const AlarmInputs& in) {
  AlarmCheck backlog;
  backlog.code = "outbox_backlog";
  backlog.subject = in.agent_id;
  backlog.direction = Direction::Above;
  // Past either limit, the age or the count: the larger share of its limit is judged.
  const double limit_s = std::chrono::duration<double>(s.outbox_backlog).count();
  const double share = std::max(in.outbox_wait_s / limit_s, static_cast<double>(in.outbox_depth) /
                                                               static_cast<double>(std::max<std::uint64_t>(1, s.outbox_backlog_messages)));
  backlog.raise_at = backlog.clear_at = 1.0;
  backlog.judged = share;
  backlog.value = in.outbox_wait_s;
  backlog.threshold = limit_s;
  backlog.unit = std::string("s");
  backlog.text = fmt::format("{} messages wait for the broker, the oldest for {:.0f} s", in.outbox_depth, in.outbox_wait_s);
  out.push_back(backlog);
  if (!s.clock_check) return;
  AlarmCheck clock;
  clock.code = "clock_unsynchronised";
  clock.subject = in.agent_id;
  clock.direction = Direction::Above;
  clock.raise_at = clock.clear_at = 0.5;
  clock.hold = s.hold;
  if (in.clock_synchronised) clock.judged = *in.clock_synchronised ? 0 : 1;
  clock.value = clock.judged.value_or(0);
  clock.threshold = 0.5;
  clock.unit = std::string("flag");
  clock.text = "the system clock is not synchronised (adjtimex): timestamps and demand windows may be off";
  out.push_back(clock);
}

}  // namespace

std::vector<AlarmCheck> alarm_checks(const AlarmSettings& settings, const AlarmInputs& in) {
  std::vector<AlarmCheck> out;
  headroom(out, settings, in);
  demand(out, settings, in);
  devices(out, settings, in);
  nodes(out, settings, in);
  agent(out, settings, in);
  return out;
}

}  // namespace sitepower
