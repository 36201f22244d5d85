#include "unpack_telemetry.h"

#include <fmt/format.h>

#include <unordered_map>
#include <vector>

namespace sitepower {
namespace {

constexpr double kNodeResolution = 0.1;  // W, PackedReadings.node_power

// Each entry's device as an index into device_age_ms: devices in the order of
// their first entries.
std::vector<std::uint32_t> entry_devices(const v1::Catalogue& c, std::size_t size) {
  std::vector<std::uint32_t> out;
  std::unordered_map<std::string, std::uint32_t> seen;
  for (std::size_t i = 0; i < size; ++i) {
    auto [it, added] = seen.try_emplace(c.entries(static_cast<int>(i)).device_id(), static_cast<std::uint32_t>(seen.size()));
    out.push_back(it->second);
  }
  return out;
}

bool same_node(const v1::GroupPower& g, const v1::CatalogueNode& n) {
  return g.id() == n.id() && g.parent_id() == n.parent_id() && g.load_class() == n.load_class() &&
         g.metered() == n.metered();
}

}  // namespace

unsigned nibble(const std::string& packed, std::size_t i) {
  if (i / 2 >= packed.size()) return 0;
  const auto byte = static_cast<unsigned char>(packed[i / 2]);
  return i % 2 == 0 ? byte & 0x0Fu : byte >> 4u;
}

void TelemetryUnpacker::add_inventory(const v1::Inventory& inventory) {
  if (!inventory.has_catalogue()) return;
  const v1::Catalogue& c = inventory.catalogue();
  auto [it, added] = catalogues_.try_emplace(c.epoch(), c);
  // Append-only: the longer of two catalogues of one epoch holds the shorter.
  if (!added && c.entries_size() + c.nodes_size() > it->second.entries_size() + it->second.nodes_size()) it->second = c;
}

bool TelemetryUnpacker::unpack(v1::Telemetry& t, std::string* why) {
  if (!t.has_packed()) return true;
  const v1::PackedReadings& p = t.packed();
  auto found = catalogues_.find(p.catalogue_epoch());
  if (found == catalogues_.end()) {
    *why = fmt::format("no catalogue of epoch {:016x} (the retained inventory not seen)", p.catalogue_epoch());
    return false;
  }
  const v1::Catalogue& c = found->second;
  const std::size_t size = p.catalogue_size();
  if (static_cast<std::size_t>(c.entries_size()) < size || static_cast<std::uint32_t>(c.nodes_size()) < p.node_count()) {
    *why = fmt::format("the catalogue of epoch {:016x} has {} entries and {} nodes, the message follows {} and {}",
                       p.catalogue_epoch(), c.entries_size(), c.nodes_size(), size, p.node_count());
    return false;
  }
  if (static_cast<std::size_t>(p.values_size()) != size || static_cast<std::size_t>(p.node_power_size()) != p.node_count()) {
    *why = "packed arrays shorter than their counts";
    return false;
  }
  const std::vector<std::uint32_t> device_of = entry_devices(c, size);
  std::unordered_map<std::uint32_t, const v1::ReadingException*> exceptions;
  for (const auto& x : p.exceptions()) {
    if (x.index() < size) exceptions[x.index()] = &x;
  }
  auto& counters = counters_[fmt::format("{}\n{}\n{}", t.origin().agent_id(), t.origin().boot_id(), p.catalogue_epoch())];
  for (std::size_t i = 0; i < size; ++i) {
    const auto quality = static_cast<v1::Quality>(nibble(p.qualities(), i));
    auto xi = exceptions.find(static_cast<std::uint32_t>(i));
    const v1::ReadingException* x = xi == exceptions.end() ? nullptr : xi->second;
    if (quality == v1::QUALITY_MISSING && !x) continue;  // no reading of this entry this cycle
    const auto& e = c.entries(static_cast<int>(i));
    auto* r = t.add_readings();
    r->set_device_id(e.device_id());
    r->set_channel(e.channel());
    r->set_quantity(e.quantity());
    r->set_unit(e.unit());
    r->set_label(e.label());
    r->set_quality(quality);
    const double value = x && x->has_value() ? x->value() : static_cast<double>(p.values(static_cast<int>(i))) * e.resolution();
    r->set_value(value);
    const std::uint32_t device = device_of[i];
    const std::int64_t age = device < static_cast<std::uint32_t>(p.device_age_ms_size()) ? p.device_age_ms(static_cast<int>(device)) : 0;
    r->set_time_unix_ms(x && x->has_time_unix_ms() ? x->time_unix_ms() : t.time_unix_ms() - age);
    if (x) {
      r->set_error(x->error());
      r->set_estimated(x->estimated());
    } else if (quality == v1::QUALITY_ESTIMATED) {
      r->set_estimated(value);
    }
    if (!e.counter() || quality != v1::QUALITY_GOOD) continue;
    auto last = counters.find(static_cast<std::uint32_t>(i));
    if (x && x->counter_event() != v1::COUNTER_EVENT_UNSPECIFIED) {
      r->set_counter_event(x->counter_event());
      r->set_counter_increase(x->counter_increase());
    } else if (last != counters.end()) {
      r->set_counter_event(v1::COUNTER_EVENT_CONTINUES);
      r->set_counter_increase(value - last->second);
    } else {
      // Joined the stream after its start: no earlier value here to add to.
      r->set_counter_event(v1::COUNTER_EVENT_FIRST);
    }
    counters[static_cast<std::uint32_t>(i)] = value;
  }
  // Nodes in catalogue order (parents before children: a node is appended
  // after its parent), the whole ones where they fall.
  std::vector<v1::GroupPower> whole(t.groups().begin(), t.groups().end());
  std::vector<bool> used(whole.size(), false);
  t.clear_groups();
  for (std::uint32_t i = 0; i < p.node_count(); ++i) {
    const auto& n = c.nodes(static_cast<int>(i));
    const auto quality = static_cast<v1::Quality>(nibble(p.node_qualities(), i));
    if (quality != v1::QUALITY_UNSPECIFIED) {
      auto* g = t.add_groups();
      g->set_id(n.id());
      g->set_parent_id(n.parent_id());
      g->set_load_class(n.load_class());
      g->set_metered(n.metered());
      g->set_power_w(static_cast<double>(p.node_power(static_cast<int>(i))) * kNodeResolution);
      g->set_quality(quality);
      continue;
    }
    for (std::size_t k = 0; k < whole.size(); ++k) {
      if (used[k] || !same_node(whole[k], n)) continue;
      *t.add_groups() = whole[k];
      used[k] = true;
      break;
    }
  }
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (!used[k]) *t.add_groups() = whole[k];
  }
  t.clear_packed();
  return true;
}

}  // namespace sitepower
