#pragma once
// Compact telemetry's catalogue in <state_dir>/catalogue.pb (a
// sitepower.v1.Catalogue, as the inventory carries it), so that a restart
// keeps its epoch and order and the outbox's backlog from before it stays
// decodable. Written when it grows, by write + rename.
#include <string>

#include "sitepower/v1/inventory.pb.h"

namespace sitepower {

// The catalogue in a file's bytes, or an empty one (epoch 0: start a new
// epoch) when they do not parse or cannot be a catalogue. Trusts nothing in
// them (tests/fuzz/catalogue_file_fuzz.cpp); `why` says what was wrong.
v1::Catalogue parse_catalogue(const std::string& bytes, std::string* why);

class CatalogueFile {
 public:
  static constexpr const char* kName = "catalogue.pb";
  explicit CatalogueFile(std::string dir) : dir_(std::move(dir)) {}

  // The catalogue as last written; empty without a file. A file that is not
  // a catalogue is set aside as catalogue.pb.bad and logged.
  v1::Catalogue load() const;
  void save(const v1::Catalogue& catalogue);

 private:
  std::string dir_;
  bool warned_ = false;
};

}  // namespace sitepower
