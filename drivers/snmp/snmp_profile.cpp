#include "snmp_profile.h"

#include <filesystem>
#include <map>

#include "config_error.h"
#include "profile_lookup.h"
#include "section.h"

namespace sitepower::snmp {
namespace {

const std::map<std::string, std::string>& quantity_units() {
  static const std::map<std::string, std::string> kUnits{
      {"power", "W"}, {"current", "A"}, {"voltage", "V"}, {"energy_import", "Wh"}};
  return kUnits;
}

Oid read_oid(Section& s, const std::string& key) {
  const auto oid = parse_oid(s.require_string(key, 512));
  if (!oid) s.fail_value(key, "a numeric OID like 1.3.6.1.4.1.318.1.1.26.4.3.1.5.1");
  return *oid;
}

std::optional<Oid> optional_oid(Section& s, const std::string& key) {
  if (!s.has(key)) return std::nullopt;
  return read_oid(s, key);
}

Oid read_suffix(Section& s) {
  Oid out;
  for (const std::string& sub : s.get_string_list("suffix")) {
    const auto oid = parse_oid("0." + sub);
    if (!oid || oid->size() != 2) s.fail_value("suffix", "a list of sub-identifiers, e.g. [5]");
    out.push_back(oid->back());
  }
  return out;
}

std::vector<std::int64_t> read_ints(Section& s, const std::string& key, std::vector<std::int64_t> fallback) {
  if (!s.has(key)) return fallback;
  std::vector<std::int64_t> out;
  for (const std::string& v : s.get_string_list(key)) {
    try {
      std::size_t used = 0;
      out.push_back(std::stoll(v, &used));
      if (used != v.size()) throw std::invalid_argument(v);
    } catch (const std::exception&) {
      s.fail_value(key, "a list of integers, e.g. [-1]");
    }
  }
  return out;
}

ValueSpec read_value(Section& s, const ValueRule& defaults, bool column) {
  ValueSpec v;
  v.quantity = s.require_string("quantity");
  const auto unit = quantity_units().find(v.quantity);
  if (unit == quantity_units().end()) s.fail_value("quantity", "one of power, current, voltage, energy_import");
  v.unit = unit->second;
  v.oid = read_oid(s, "oid");
  if (column) v.suffix = read_suffix(s);
  v.decimal_digits = optional_oid(s, "decimal_digits");
  v.available = optional_oid(s, "available");
  v.rule.scale = s.get_number("scale", 1, -1e12, 1e12);
  v.rule.not_available = read_ints(s, "not_available", defaults.not_available);
  v.rule.negative_not_available = s.get_bool("negative_not_available", defaults.negative_not_available);
  s.finish();
  return v;
}

std::optional<ColumnSpec> read_column(Section& outlets, const std::string& key, bool with_on) {
  auto s = outlets.optional_section(key);
  if (!s) return std::nullopt;
  ColumnSpec c;
  c.oid = read_oid(*s, "oid");
  c.suffix = read_suffix(*s);
  if (with_on) {
    c.on = read_ints(*s, "on", {});
    if (c.on.empty()) s->fail("on", "the state values meaning switched on, e.g. [1]");
  }
  s->finish();
  return c;
}

}  // namespace

Profile load_profile(const std::string& path) {
  Section top = load_yaml_file(path);
  Profile p;
  p.file = path;
  p.name = top.require_string("name");
  top.get_string("mib", "");  // documentation: the MIB the OIDs come from
  ValueRule defaults;
  defaults.not_available = read_ints(top, "not_available", {});
  defaults.negative_not_available = top.get_bool("negative_not_available", false);
  if (auto inlet = top.optional_section("inlet")) {
    p.inlet_channel = inlet->get_string("channel", "total", 64);
    for (Section& item : inlet->get_list("values", true)) p.inlet.push_back(read_value(item, defaults, false));
    inlet->finish();
  }
  if (auto outlets = top.optional_section("outlets")) {
    for (Section& item : outlets->get_list("values", true)) p.outlet.push_back(read_value(item, defaults, true));
    p.outlet_name = read_column(*outlets, "name", false);
    p.outlet_state = read_column(*outlets, "state", true);
    outlets->finish();
  }
  if (p.inlet.empty() && p.outlet.empty()) top.fail("inlet", "inlet or outlets values");
  top.finish();
  return p;
}

std::string find_profile(const std::string& ref, const std::string& config_dir) {
  return find_profile_file(ref, config_dir, SITEPOWER_SNMP_PROFILE_DIR);
}

std::optional<std::uint32_t> outlet_of(const Oid& row, const Oid& column, const Oid& suffix) {
  if (!has_prefix(row, column) || row.size() < column.size() + suffix.size() + 1) return std::nullopt;
  if (!std::equal(suffix.begin(), suffix.end(), row.end() - static_cast<std::ptrdiff_t>(suffix.size()))) return std::nullopt;
  return row[row.size() - suffix.size() - 1];
}

}  // namespace sitepower::snmp
