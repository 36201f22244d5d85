#pragma once
// The catalogue behind compact telemetry (docs/compact-telemetry.md): every
// reading and tree node the agent has published, each at a fixed place, so
// that a message carries values in catalogue order instead of names. It only
// grows: a place once given is never reused or moved, so a backlog replayed
// from the outbox decodes with the newest catalogue of its epoch.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "load_split.h"
#include "reading_store.h"
#include "sitepower/v1/inventory.pb.h"

namespace sitepower {

class ReadingCatalogue {
 public:
  // A catalogue to go on with (from the state directory; empty for a new
  // one), and the epoch a new one takes: `kept` itself starts a new epoch when
  // over half its entries name devices no longer in `configured`.
  ReadingCatalogue(v1::Catalogue kept, const std::set<std::string>& configured, std::uint64_t fresh_epoch);

  // Appends what this cycle has that the catalogue has not: readings and
  // tree nodes, in their order. True if anything was appended (the inventory
  // is due again).
  bool learn(const std::vector<StoredReading>& readings, const std::vector<NodePower>& nodes);
  // The place of each reading learn() was last given, if `readings` is that
  // vector (the same object and size, unchanged since, as in Agent::cycle):
  // the encoder packs by it instead of looking every reading up again, which
  // was a tenth of the agent's CPU on the large bench site. nullptr otherwise.
  const std::vector<std::uint32_t>* places_of(const std::vector<StoredReading>& readings) const {
    return &readings == learnt_ && readings.size() == places_.size() ? &places_ : nullptr;
  }

  std::optional<std::uint32_t> entry(const StoredReading& r) const;
  std::optional<std::uint32_t> node(const NodePower& n) const;
  // The index, among the catalogue's devices in the order of their first
  // entries, of entry `entry`'s device (PackedReadings.device_age_ms).
  std::uint32_t device_of(std::uint32_t entry) const { return entry_device_[entry]; }
  std::size_t devices() const { return device_count_; }

  const v1::Catalogue& proto() const { return catalogue_; }
  std::uint64_t epoch() const { return catalogue_.epoch(); }

 private:
  void index_entry(std::uint32_t i);
  void add_device(const std::string& device);  // the next entry's device
  const std::string& entry_key(const std::string& device, const Reading& r) const;
  const std::string& node_key(const NodePower& n) const;

  v1::Catalogue catalogue_;
  std::unordered_map<std::string, std::uint32_t> entries_, nodes_, devices_;
  std::vector<std::uint32_t> entry_device_;
  std::size_t device_count_ = 0;
  const std::vector<StoredReading>* learnt_ = nullptr;  // compared, never read through
  std::vector<std::uint32_t> places_;
  mutable std::string key_;  // reused: a lookup allocates nothing once it has grown
};

// Why `c` cannot be a catalogue to go on with (impossible resolution,
// duplicate entries, too many of them); empty if it can.
std::string catalogue_fault(const v1::Catalogue& c);

}  // namespace sitepower
