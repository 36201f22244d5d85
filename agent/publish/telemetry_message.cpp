#include "telemetry_message.h"

#include "wire_values.h"

namespace sitepower {

v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings) {
  v1::Telemetry t;
  t.set_site_power_w(split.site_power_w);
  t.set_site_power_quality(to_proto(split.site_quality));
  t.set_contracted_capacity_w(split.contracted_w);
  t.set_headroom_w(split.headroom_w);
  t.set_headroom_quality(to_proto(split.headroom_quality));
  t.set_headroom_error(split.headroom_error);
  for (const auto& [name, c] : split.classes) {
    auto* p = t.add_classes();
    p->set_load_class(name);
    p->set_power_w(c.power_w);
    p->set_leaves_counted(c.counted);
    p->set_leaves_excluded(c.excluded);
    p->set_remainders_negative(c.negative);
    p->set_quality(to_proto(c.quality()));
  }
  for (const auto& n : split.nodes) {
    auto* g = t.add_groups();
    g->set_id(n.id);
    g->set_parent_id(n.parent_id);
    g->set_power_w(n.power_w);
    g->set_quality(to_proto(n.quality));
    g->set_metered(n.metered);
    g->set_error(n.error);
    g->set_load_class(n.load_class);
    if (n.has_remainder) {
      g->set_unmetered_w(n.unmetered_w);
      g->set_unmetered_quality(to_proto(n.unmetered_quality));
      g->set_remainder_negative(n.remainder_negative);
    }
  }
  for (const auto& r : readings) {
    auto* d = t.add_readings();
    d->set_device_id(r.device);
    d->set_channel(r.reading.channel);
    d->set_quantity(r.reading.quantity);
    d->set_value(r.reading.value);
    d->set_unit(r.reading.unit);
    d->set_quality(to_proto(r.reading.quality));
    d->set_time_unix_ms(unix_ms(r.wall));
    d->set_error(r.reading.error);
    d->set_label(r.reading.label);
    if (r.counter.event != CounterEvent::None) {
      d->set_counter_event(to_proto(r.counter.event));
      d->set_counter_increase(r.counter.increase);
    }
  }
  return t;
}

}  // namespace sitepower
