#include "packed_telemetry.h"

#include <cmath>
#include <limits>

#include "telemetry_message.h"
#include "wire_values.h"

namespace sitepower {
namespace {

constexpr double kNodeResolution = 0.1;  // W: PackedReadings.node_power

// A string of `count` 4-bit fields, each `fill`.
std::string nibbles(std::size_t count, unsigned fill) {
  return std::string((count + 1) / 2, static_cast<char>(fill | fill << 4));
}

void set_nibble(std::string& packed, std::size_t i, unsigned value) {
  auto& byte = reinterpret_cast<unsigned char&>(packed[i / 2]);
  byte = i % 2 == 0 ? static_cast<unsigned char>((byte & 0xF0) | value)
                    : static_cast<unsigned char>((byte & 0x0F) | value << 4);
}

// The estimated part the quality implies when no exception says otherwise.
double implied_estimated(const Reading& r) { return r.quality == Quality::Estimated ? r.value : 0; }

bool plain_node(const NodePower& n) {
  return n.error.empty() && !n.has_remainder && !n.reconciliation && n.rollups.empty() && n.estimated_w == 0 &&
         steps_of(n.power_w, kNodeResolution).has_value();
}

void pack_readings(const ReadingCatalogue& catalogue, const std::vector<StoredReading>& readings, std::int64_t now_ms,
                   v1::Telemetry* t) {
  v1::PackedReadings* p = t->mutable_packed();
  const int size = catalogue.proto().entries_size();
  p->set_catalogue_epoch(catalogue.epoch());
  p->set_catalogue_size(static_cast<std::uint32_t>(size));
  p->mutable_values()->Resize(size, 0);
  // Entries without a reading this cycle stay MISSING: never read since the start.
  std::string qualities = nibbles(static_cast<std::size_t>(size), v1::QUALITY_MISSING);
  // A device's time is its latest reading's; older ones carry their own.
  std::vector<std::int64_t> latest(catalogue.devices(), std::numeric_limits<std::int64_t>::min());
  const std::vector<std::uint32_t>* learnt = catalogue.places_of(readings);
  std::vector<std::optional<std::uint32_t>> index(readings.size());
  for (std::size_t k = 0; k < readings.size(); ++k) {
    index[k] = learnt ? std::optional<std::uint32_t>((*learnt)[k]) : catalogue.entry(readings[k]);
    if (!index[k]) continue;
    auto& at = latest[catalogue.device_of(*index[k])];
    at = std::max(at, unix_ms(readings[k].wall));
  }
  for (std::size_t k = 0; k < readings.size(); ++k) {
    const StoredReading& r = readings[k];
    if (!index[k]) {
      // Not catalogued (never expected: the agent learns first): whole, in the full form.
      set_reading(r, t->add_readings());
      continue;
    }
    const std::uint32_t i = *index[k];
    const auto& entry = catalogue.proto().entries(static_cast<int>(i));
    const std::optional<std::int64_t> steps = steps_of(r.reading.value, entry.resolution());
    if (steps) p->set_values(static_cast<int>(i), *steps);
    set_nibble(qualities, i, to_proto(r.reading.quality));
    const std::int64_t at = unix_ms(r.wall);
    const bool own_time = at != latest[catalogue.device_of(i)];
    const bool event = r.counter.event != CounterEvent::None && r.counter.event != CounterEvent::Continues;
    if (steps && r.reading.error.empty() && r.reading.estimated == implied_estimated(r.reading) && !own_time &&
        !event && r.reading.quality != Quality::Missing) {
      continue;
    }
    auto* x = p->add_exceptions();
    x->set_index(i);
    if (!steps) x->set_value(r.reading.value);
    x->set_error(r.reading.error);
    x->set_estimated(r.reading.estimated);
    if (event) {
      x->set_counter_event(to_proto(r.counter.event));
      x->set_counter_increase(r.counter.increase);
    }
    if (own_time) x->set_time_unix_ms(at);
  }
  p->set_qualities(std::move(qualities));
  for (const std::int64_t at : latest) {
    p->add_device_age_ms(at == std::numeric_limits<std::int64_t>::min() ? 0 : now_ms - at);
  }
}

}  // namespace

std::optional<std::int64_t> steps_of(double value, double resolution) {
  constexpr double kMaxSteps = 9007199254740992.0;  // 2^53: every integer up to it is a double
  if (!std::isfinite(value)) return std::nullopt;
  const double steps = std::round(value / resolution);
  if (std::fabs(steps) > kMaxSteps) return std::nullopt;
  // Half a step, and a hair for the division's own rounding.
  if (std::fabs(steps * resolution - value) > resolution * (0.5 + 1e-9)) return std::nullopt;
  return static_cast<std::int64_t>(steps);
}

void fill_compact_telemetry(const ReadingCatalogue& catalogue, const SplitResult& split,
                            const std::vector<StoredReading>& readings, WallTime now, v1::Telemetry* t) {
  fill_split_summary(split, t);
  pack_readings(catalogue, readings, unix_ms(now), t);
  v1::PackedReadings* p = t->mutable_packed();
  const int nodes = catalogue.proto().nodes_size();
  p->set_node_count(static_cast<std::uint32_t>(nodes));
  p->mutable_node_power()->Resize(nodes, 0);
  std::string qualities = nibbles(static_cast<std::size_t>(nodes), v1::QUALITY_UNSPECIFIED);
  for (const auto& n : split.nodes) {
    const std::optional<std::uint32_t> place = catalogue.node(n);
    if (!place || !plain_node(n)) {
      set_group(n, split.reconcile_band, t->add_groups());
      continue;
    }
    const std::uint32_t i = *place;
    p->set_node_power(static_cast<int>(i), *steps_of(n.power_w, kNodeResolution));
    set_nibble(qualities, i, to_proto(n.quality));
  }
  p->set_node_qualities(std::move(qualities));
}

}  // namespace sitepower
