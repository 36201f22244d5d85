#pragma once
// An SNMP variable binding as the driver keeps it once net-snmp has decoded
// the packet: plain data, so that value conversion and table walks are pure
// functions that tests and the fuzz target drive without a network.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitepower::snmp {

using Oid = std::vector<std::uint32_t>;

// "1.3.6.1.4.1.318" (a leading dot is allowed); nullopt if not an OID.
std::optional<Oid> parse_oid(std::string_view text);
std::string to_string(const Oid& oid);
bool has_prefix(const Oid& oid, const Oid& prefix);
Oid concat(const Oid& a, const Oid& b);

enum class VarType {
  Integer,         // INTEGER / Integer32
  Gauge32,         // also Unsigned32
  Counter32,
  Counter64,
  TimeTicks,
  OctetString,
  ObjectId,
  IpAddress,
  Null,
  NoSuchObject,    // v2c exceptions, per varbind
  NoSuchInstance,
  EndOfMibView,
  Other,           // Opaque and anything else
};
const char* to_string(VarType t);

struct Varbind {
  Oid oid;
  VarType type = VarType::Null;
  std::int64_t integer = 0;    // Integer
  std::uint64_t unsigned_value = 0;  // Gauge32, Counter32, Counter64, TimeTicks
  std::string text;            // OctetString (raw bytes)
};

}  // namespace sitepower::snmp
