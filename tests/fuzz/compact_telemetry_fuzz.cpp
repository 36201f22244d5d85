// libFuzzer target for the consumer's side of compact telemetry
// (unpack_telemetry.h) and the catalogue file (catalogue_file.h): the input
// is a little-endian u32 n, then n bytes of an Inventory (its catalogue is
// what a consumer takes off the wire, unchecked), then a Telemetry. Whatever
// they hold, unpacking twice (the second continues the counters) and reading
// the catalogue back as a state file end without a crash, a sanitizer report
// or a hang. Seeds: an agent's retained inventory and telemetry (corpus/compact_telemetry).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <google/protobuf/stubs/logging.h>

#include "catalogue_file.h"
#include "unpack_telemetry.h"

namespace {
// Protobuf logs each invalid UTF-8 string it parses: noise, and slow.
const bool quiet_protobuf = [] {
  google::protobuf::SetLogHandler(nullptr);
  return true;
}();
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  std::uint32_t n = 0;
  std::memcpy(&n, data, 4);
  const std::string rest(reinterpret_cast<const char*>(data) + 4, size - 4);
  const std::string inventory_bytes = rest.substr(0, n), telemetry_bytes = n < rest.size() ? rest.substr(n) : "";
  sitepower::v1::Inventory inventory;
  if (!inventory.ParseFromString(inventory_bytes)) return 0;
  std::string why;
  (void)sitepower::parse_catalogue(inventory.catalogue().SerializeAsString(), &why);
  sitepower::TelemetryUnpacker consumer;
  consumer.add_inventory(inventory);
  sitepower::v1::Telemetry message;
  if (!message.ParseFromString(telemetry_bytes)) return 0;
  for (int pass = 0; pass < 2; ++pass) {
    sitepower::v1::Telemetry t = message;
    (void)consumer.unpack(t, &why);
    (void)t.ByteSizeLong();
  }
  return 0;
}
