#pragma once
// A consumer's side of compact telemetry (docs/compact-telemetry.md): keeps
// the catalogues of the inventories it has seen and turns a compact message
// back into the full form, readings and tree nodes named, so that everything
// downstream (the live table, --json, --check) reads one form.
#include <cstdint>
#include <map>
#include <string>

#include "sitepower/v1/inventory.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

class TelemetryUnpacker {
 public:
  // Keeps the inventory's catalogue, if it has one: the longest seen of each epoch.
  void add_inventory(const v1::Inventory& inventory);
  // A compact message rewritten in the full form (a full one is left as it
  // is). False, with `why`, when its catalogue is unknown or shorter than the
  // message: then fetch the retained inventory again.
  bool unpack(v1::Telemetry& t, std::string* why);

 private:
  std::map<std::uint64_t, v1::Catalogue> catalogues_;
  // The last GOOD value of each counter entry, per stream (agent, boot) and
  // epoch: what a GOOD counter without an exception continues from.
  std::map<std::string, std::map<std::uint32_t, double>> counters_;
};

// The 4-bit field `i` of a PackedReadings qualities string (0 past its end).
unsigned nibble(const std::string& packed, std::size_t i);

}  // namespace sitepower
