#include "varbind.h"

#include <algorithm>
#include <charconv>

namespace sitepower::snmp {

std::optional<Oid> parse_oid(std::string_view text) {
  if (text.starts_with('.')) text.remove_prefix(1);
  Oid out;
  // An OID has at most 128 sub-identifiers (RFC 2578 section 3.5).
  while (!text.empty() && out.size() < 128) {
    std::uint32_t sub = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), sub);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    out.push_back(sub);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (text.empty()) break;
    if (text.front() != '.' || text.size() == 1) return std::nullopt;
    text.remove_prefix(1);
  }
  if (!text.empty() || out.size() < 2) return std::nullopt;
  return out;
}

std::string to_string(const Oid& oid) {
  std::string out;
  for (std::size_t i = 0; i < oid.size(); ++i) out += (i ? "." : "") + std::to_string(oid[i]);
  return out;
}

bool has_prefix(const Oid& oid, const Oid& prefix) {
  return oid.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), oid.begin());
}

Oid concat(const Oid& a, const Oid& b) {
  Oid out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

const char* to_string(VarType t) {
  switch (t) {
    case VarType::Integer: return "INTEGER";
    case VarType::Gauge32: return "Gauge32";
    case VarType::Counter32: return "Counter32";
    case VarType::Counter64: return "Counter64";
    case VarType::TimeTicks: return "TimeTicks";
    case VarType::OctetString: return "OCTET STRING";
    case VarType::ObjectId: return "OBJECT IDENTIFIER";
    case VarType::IpAddress: return "IpAddress";
    case VarType::Null: return "NULL";
    case VarType::NoSuchObject: return "noSuchObject";
    case VarType::NoSuchInstance: return "noSuchInstance";
    case VarType::EndOfMibView: return "endOfMibView";
    case VarType::Other: return "an unsupported type";
  }
  return "?";
}

}  // namespace sitepower::snmp
