#include "alarm_config.h"

namespace sitepower {
namespace {

const OptionTable kAlarms{
    "alarms",
    "when alarms raise and clear (docs/energy-and-alarms.md has every kind with an example)",
    {
        Option::number("headroom_warn_pct", 0, 100).def(10.0)
            .help("headroom_low (warning) under this % of the contracted capacity"),
        Option::number("headroom_critical_pct", 0, 100).def(5.0)
            .help("headroom_critical under this % of the contracted capacity"),
        Option::number("headroom_warn_kw", 0, 1e6).derived("from headroom_warn_pct")
            .help("the same in kW; given, it is used instead of the %"),
        Option::number("headroom_critical_kw", 0, 1e6).derived("from headroom_critical_pct")
            .help("the same in kW; given, it is used instead of the %"),
        Option::number("hysteresis_pct", 0, 50).def(2.0)
            .help("% of the contracted capacity a headroom or demand must be back past its threshold to clear"),
        Option::seconds("hold_s", 0, 3600).def(30.0)
            .help("how long a condition must last before its alarm raises, and its end before it clears: "
                  "a 1 s spike pages nobody"),
        Option::number("demand_ratio", 0.1, 10).def(1.0)
            .help("demand_over_contract when the window's projected demand passes contract x this"),
        Option::seconds("device_lost_s", 1, 86400 * 7).def(60.0)
            .help("device_lost when a device has been stale (or never answered) this long; cleared when it answers"),
        Option::seconds("outbox_backlog_s", 1, 86400 * 7).def(300.0)
            .help("outbox_backlog when the oldest message waiting for the broker is this old ..."),
        Option::integer("outbox_backlog_messages", 1, 100'000'000).def(3600.0)
            .help("... or this many messages wait"),
        Option::boolean("clock_check").def(true)
            .help("clock_unsynchronised when the kernel says the clock is not synchronised (adjtimex)"),
    }};

}  // namespace

const OptionTable& alarm_options() { return kAlarms; }

AlarmSettings parse_alarms(Section& section) {
  const OptionValues v = kAlarms.read(section);
  AlarmSettings s;
  s.headroom_warn_pct = v.number("headroom_warn_pct");
  s.headroom_critical_pct = v.number("headroom_critical_pct");
  if (v.has("headroom_warn_kw")) s.headroom_warn_w = v.number("headroom_warn_kw") * 1000;
  if (v.has("headroom_critical_kw")) s.headroom_critical_w = v.number("headroom_critical_kw") * 1000;
  const bool kw = v.has("headroom_warn_kw") || v.has("headroom_critical_kw");
  if (!kw && s.headroom_critical_pct > s.headroom_warn_pct) {
    v.fail_value("headroom_critical_pct", "a % no higher than headroom_warn_pct");
  }
  if (s.headroom_warn_w && s.headroom_critical_w && *s.headroom_critical_w > *s.headroom_warn_w) {
    v.fail_value("headroom_critical_kw", "kW no higher than headroom_warn_kw");
  }
  s.hysteresis_pct = v.number("hysteresis_pct");
  s.hold = v.seconds("hold_s");
  s.demand_ratio = v.number("demand_ratio");
  s.device_lost = v.seconds("device_lost_s");
  s.outbox_backlog = v.seconds("outbox_backlog_s");
  s.outbox_backlog_messages = static_cast<std::uint64_t>(v.integer("outbox_backlog_messages"));
  s.clock_check = v.boolean("clock_check");
  return s;
}

}  // namespace sitepower
