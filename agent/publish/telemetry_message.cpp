#include "telemetry_message.h"

#include "wire_values.h"

namespace sitepower {
namespace {

void write_rollups(const Rollups& rollups, google::protobuf::RepeatedPtrField<v1::Rollup>* out) {
  for (const auto& [quantity, r] : rollups) {
    auto* p = out->Add();
    p->set_quantity(quantity);
    p->set_unit(r.unit);
    p->set_value(r.sum.value);
    p->set_quality(to_proto(r.sum.quality()));
    p->set_estimated(r.sum.estimated);
    p->set_devices_counted(r.sum.counted);
    p->set_devices_excluded(r.sum.left_out);
    p->set_error(r.sum.why);
  }
}

void set_reconciliation(const Reconciliation& r, const ReconcileBand& band, v1::Reconciliation* p) {
  p->set_measured_w(r.measured_w);
  p->set_measured_quality(to_proto(r.measured_quality));
  p->set_reported_w(r.reported.value);
  p->set_reported_quality(to_proto(r.reported.quality()));
  p->set_reported_estimated_w(r.reported.estimated);
  p->set_reported_counted(r.reported.counted);
  p->set_reported_excluded(r.reported.left_out);
  p->set_difference_w(r.difference_w);
  p->set_ratio(r.ratio);
  p->set_quality(to_proto(r.quality));
  p->set_out_of_band(r.out_of_band);
  p->set_error(r.error);
  p->set_ratio_min(band.ratio_min);
  p->set_ratio_max(band.ratio_max);
}

}  // namespace

void fill_split_summary(const SplitResult& split, v1::Telemetry* t) {
  t->set_site_power_w(split.site_power_w);
  t->set_site_power_quality(to_proto(split.site_quality));
  t->set_site_power_estimated_w(split.site_estimated_w);
  t->set_contracted_capacity_w(split.contracted_w);
  t->set_headroom_w(split.headroom_w);
  t->set_headroom_quality(to_proto(split.headroom_quality));
  t->set_headroom_error(split.headroom_error);
  for (const auto& [name, c] : split.classes) {
    auto* p = t->add_classes();
    p->set_load_class(name);
    p->set_power_w(c.power_w);
    p->set_leaves_counted(c.counted);
    p->set_leaves_excluded(c.excluded);
    p->set_remainders_negative(c.negative);
    p->set_quality(to_proto(c.quality()));
    p->set_estimated_w(c.estimated_w);
    write_rollups(c.rollups, p->mutable_rollups());
  }
}

void set_group(const NodePower& n, const ReconcileBand& band, v1::GroupPower* g) {
  g->set_id(n.id);
  g->set_parent_id(n.parent_id);
  g->set_power_w(n.power_w);
  g->set_quality(to_proto(n.quality));
  g->set_metered(n.metered);
  g->set_error(n.error);
  g->set_load_class(n.load_class);
  g->set_estimated_w(n.estimated_w);
  if (n.reconciliation) set_reconciliation(*n.reconciliation, band, g->mutable_reconciliation());
  write_rollups(n.rollups, g->mutable_rollups());
  if (n.has_remainder) {
    g->set_unmetered_w(n.unmetered_w);
    g->set_unmetered_quality(to_proto(n.unmetered_quality));
    g->set_remainder_negative(n.remainder_negative);
  }
}

void set_reading(const StoredReading& r, v1::DeviceReading* d) {
  d->set_device_id(r.device);
  d->set_channel(r.reading.channel);
  d->set_quantity(r.reading.quantity);
  d->set_value(r.reading.value);
  d->set_unit(r.reading.unit);
  d->set_quality(to_proto(r.reading.quality));
  d->set_time_unix_ms(unix_ms(r.wall));
  d->set_error(r.reading.error);
  d->set_label(r.reading.label);
  d->set_estimated(r.reading.estimated);
  if (r.counter.event != CounterEvent::None) {
    d->set_counter_event(to_proto(r.counter.event));
    d->set_counter_increase(r.counter.increase);
  }
}

void fill_telemetry(const SplitResult& split, const std::vector<StoredReading>& readings, v1::Telemetry* t) {
  fill_split_summary(split, t);
  for (const auto& n : split.nodes) set_group(n, split.reconcile_band, t->add_groups());
  for (const auto& r : readings) set_reading(r, t->add_readings());
}

v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings) {
  v1::Telemetry t;
  fill_telemetry(split, readings, &t);
  return t;
}

void set_demand(const DemandFigures& d, v1::DemandWindow* out) {
  out->set_start_unix_ms(d.start_unix_ms);
  out->set_end_unix_ms(d.end_unix_ms);
  out->set_energy_wh(d.energy.wh);
  out->set_estimated_wh(d.energy.estimated_wh);
  out->set_average_w(d.average_w);
  out->set_projected_w(d.projected_w);
  out->set_coverage(d.coverage);
  out->set_unknown_s(d.energy.unknown_s);
  out->set_quality(to_proto(energy_quality(d.energy, d.coverage)));
}

}  // namespace sitepower
