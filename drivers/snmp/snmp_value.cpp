#include "snmp_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sitepower::snmp {
namespace {

// The varbind's raw number, or why it has none.
Converted raw_number(const Varbind& vb) {
  switch (vb.type) {
    case VarType::Integer: return {static_cast<double>(vb.integer), ""};
    case VarType::Gauge32:
    case VarType::Counter32:
    case VarType::Counter64: return {static_cast<double>(vb.unsigned_value), ""};
    case VarType::OctetString: {
      // Some firmware serves measurements as DisplayString ("230.4").
      const std::string& s = vb.text;
      double v = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (s.empty() || s.size() > 32 || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
        return {std::nullopt, "OCTET STRING that is not a number at " + to_string(vb.oid)};
      }
      return {v, ""};
    }
    case VarType::NoSuchObject:
    case VarType::NoSuchInstance:
    case VarType::EndOfMibView:
      return {std::nullopt, std::string(to_string(vb.type)) + " at " + to_string(vb.oid)};
    default:
      return {std::nullopt, std::string("wrong type ") + to_string(vb.type) + " at " + to_string(vb.oid) + " (expected a number)"};
  }
}

bool marks_not_available(const Varbind& vb, const ValueRule& rule) {
  if (vb.type != VarType::Integer) return false;
  if (rule.negative_not_available && vb.integer < 0) return true;
  return std::find(rule.not_available.begin(), rule.not_available.end(), vb.integer) != rule.not_available.end();
}

}  // namespace

Converted convert_value(const Varbind& vb, const ValueRule& rule, int decimal_digits) {
  Converted raw = raw_number(vb);
  if (!raw.value) return raw;
  if (marks_not_available(vb, rule)) {
    return {std::nullopt, "not available (the PDU reports " + std::to_string(vb.integer) + " at " + to_string(vb.oid) + ")"};
  }
  if (decimal_digits < 0 || decimal_digits > 9) {
    return {std::nullopt, "decimal digits " + std::to_string(decimal_digits) + " out of range 0..9 for " + to_string(vb.oid)};
  }
  const double value = *raw.value / std::pow(10.0, decimal_digits) * rule.scale;
  if (!std::isfinite(value)) return {std::nullopt, "value out of range at " + to_string(vb.oid)};
  return {value, ""};
}

double counter_span(const Varbind& vb, const ValueRule& rule, int decimal_digits) {
  double raw = 0;
  switch (vb.type) {
    case VarType::Integer: raw = 0x1p31; break;
    case VarType::Gauge32:
    case VarType::Counter32: raw = 0x1p32; break;
    case VarType::Counter64: raw = 0x1p64; break;
    default: return 0;
  }
  if (decimal_digits < 0 || decimal_digits > 9) return 0;
  return raw / std::pow(10.0, decimal_digits) * rule.scale;
}

Converted convert_decimal_digits(const Varbind& vb) {
  Converted c = convert_enum(vb);
  if (c.value && (*c.value < 0 || *c.value > 9)) return {std::nullopt, "decimal digits out of range 0..9 at " + to_string(vb.oid)};
  return c;
}

Converted convert_enum(const Varbind& vb) {
  if (vb.type == VarType::Integer) return {static_cast<double>(vb.integer), ""};
  if (vb.type == VarType::Gauge32) return {static_cast<double>(vb.unsigned_value), ""};
  Converted c = raw_number(vb);
  if (c.value) c = {std::nullopt, std::string("wrong type ") + to_string(vb.type) + " at " + to_string(vb.oid) + " (expected INTEGER)"};
  return c;
}

std::string convert_label(const Varbind& vb) {
  if (vb.type != VarType::OctetString) return "";
  std::string out;
  for (char c : vb.text) {
    if (out.size() == 64) break;
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace sitepower::snmp
