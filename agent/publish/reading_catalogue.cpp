#include "reading_catalogue.h"

#include <cmath>

#include "counter.h"
#include "value_resolution.h"

namespace sitepower {
namespace {

// Names never hold a NUL, so it separates a key's parts unambiguously.
void append_part(std::string& key, const std::string& part) {
  key += part;
  key += '\0';
}

// 1 M readings is 50 times the largest site of issue 15; more is a broken file.
constexpr int kMaxEntries = 1'000'000;

bool mostly_gone(const v1::Catalogue& c, const std::set<std::string>& configured) {
  int gone = 0;
  for (const auto& e : c.entries()) gone += configured.count(e.device_id()) == 0;
  return 2 * gone > c.entries_size();
}

}  // namespace

ReadingCatalogue::ReadingCatalogue(v1::Catalogue kept, const std::set<std::string>& configured,
                                   std::uint64_t fresh_epoch)
    : catalogue_(std::move(kept)) {
  if (catalogue_.epoch() == 0 || mostly_gone(catalogue_, configured) || !catalogue_fault(catalogue_).empty()) {
    catalogue_.Clear();
    catalogue_.set_epoch(fresh_epoch);
  }
  for (int i = 0; i < catalogue_.entries_size(); ++i) index_entry(static_cast<std::uint32_t>(i));
  for (int i = 0; i < catalogue_.nodes_size(); ++i) {
    const auto& n = catalogue_.nodes(i);
    NodePower p;
    p.id = n.id();
    p.parent_id = n.parent_id();
    p.load_class = n.load_class();
    p.metered = n.metered();
    nodes_.emplace(node_key(p), static_cast<std::uint32_t>(i));
  }
}

const std::string& ReadingCatalogue::entry_key(const std::string& device, const Reading& r) const {
  key_.clear();
  append_part(key_, device);
  append_part(key_, r.channel);
  append_part(key_, r.quantity);
  append_part(key_, r.unit);
  append_part(key_, r.label);
  return key_;
}

const std::string& ReadingCatalogue::node_key(const NodePower& n) const {
  key_.clear();
  append_part(key_, n.id);
  append_part(key_, n.parent_id);
  append_part(key_, n.load_class);
  key_ += n.metered ? '1' : '0';
  return key_;
}

void ReadingCatalogue::index_entry(std::uint32_t i) {
  const auto& e = catalogue_.entries(static_cast<int>(i));
  Reading r;
  r.channel = e.channel();
  r.quantity = e.quantity();
  r.unit = e.unit();
  r.label = e.label();
  entries_.emplace(entry_key(e.device_id(), r), i);
  add_device(e.device_id());
}

void ReadingCatalogue::add_device(const std::string& device) {
  auto [it, added] = devices_.try_emplace(device, static_cast<std::uint32_t>(device_count_));
  if (added) ++device_count_;
  entry_device_.push_back(it->second);
}

bool ReadingCatalogue::learn(const std::vector<StoredReading>& readings, const std::vector<NodePower>& nodes) {
  bool grew = false;
  learnt_ = &readings;
  places_.clear();
  for (const auto& r : readings) {
    auto [it, added] = entries_.try_emplace(entry_key(r.device, r.reading), catalogue_.entries_size());
    places_.push_back(it->second);
    if (!added) continue;
    auto* e = catalogue_.add_entries();
    e->set_device_id(r.device);
    e->set_channel(r.reading.channel);
    e->set_quantity(r.reading.quantity);
    e->set_unit(r.reading.unit);
    e->set_label(r.reading.label);
    e->set_resolution(value_resolution(r.reading.unit));
    e->set_counter(is_counter(r.reading.quantity));
    add_device(r.device);
    grew = true;
  }
  for (const auto& n : nodes) {
    const std::string& key = node_key(n);
    if (nodes_.count(key) > 0) continue;
    nodes_.emplace(key, static_cast<std::uint32_t>(catalogue_.nodes_size()));
    auto* c = catalogue_.add_nodes();
    c->set_id(n.id);
    c->set_parent_id(n.parent_id);
    c->set_load_class(n.load_class);
    c->set_metered(n.metered);
    grew = true;
  }
  return grew;
}

std::optional<std::uint32_t> ReadingCatalogue::entry(const StoredReading& r) const {
  auto it = entries_.find(entry_key(r.device, r.reading));
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::uint32_t> ReadingCatalogue::node(const NodePower& n) const {
  auto it = nodes_.find(node_key(n));
  if (it == nodes_.end()) return std::nullopt;
  return it->second;
}

std::string catalogue_fault(const v1::Catalogue& c) {
  if (c.entries_size() > kMaxEntries || c.nodes_size() > kMaxEntries) return "more than 1,000,000 entries";
  std::set<std::string> seen;
  for (const auto& e : c.entries()) {
    if (!std::isfinite(e.resolution()) || e.resolution() <= 0) return "an entry's resolution is not a positive number";
    std::string key;
    for (const std::string* part : {&e.device_id(), &e.channel(), &e.quantity(), &e.unit(), &e.label()}) {
      if (part->find('\0') != std::string::npos) return "a name holds a NUL";
      append_part(key, *part);
    }
    if (!seen.insert(key).second) return "an entry appears twice";
  }
  return "";
}

}  // namespace sitepower
