#include "profile.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "config_error.h"
#include "profile_lookup.h"
#include "section.h"

namespace sitepower::modbus {
namespace {

const std::map<std::string, std::string>& quantity_units() {
  static const std::map<std::string, std::string> kUnits{
      {"power", "W"},         {"voltage", "V"},         {"current", "A"},
      {"frequency", "Hz"},    {"power_factor", ""},     {"energy_import", "Wh"},
      {"energy_export", "Wh"}, {"apparent_power", "VA"}, {"reactive_power", "var"}};
  return kUnits;
}

std::string choices_text(const std::map<std::string, std::string>& m) {
  std::string out;
  for (const auto& [k, _] : m) out += (out.empty() ? "" : ", ") + k;
  return out;
}

Table read_table(Section& s, const std::string& key, Table fallback) {
  const std::string name = s.get_choice(key, fallback == Table::Holding ? "holding" : "input", {"holding", "input"});
  return name == "holding" ? Table::Holding : Table::Input;
}

Order read_order(Section& s, const std::string& key, Order fallback) {
  return s.get_choice(key, fallback == Order::Big ? "big" : "little", {"big", "little"}) == "big" ? Order::Big
                                                                                                   : Order::Little;
}

ValueType read_type(Section& s, ValueType fallback) {
  const std::string name = s.get_string("type", "");
  if (name.empty()) return fallback;
  const auto t = parse_value_type(name);
  if (!t) s.fail_value("type", "one of " + value_type_names());
  return *t;
}

std::uint16_t read_address(Section& s, const std::string& key) {
  return static_cast<std::uint16_t>(s.require_int(key, 0, 65535));
}

Point read_point(Section& s, const PointDefaults& d) {
  Point p;
  p.channel = s.get_string("channel", "total");
  p.quantity = s.require_string("quantity");
  const auto unit = quantity_units().find(p.quantity);
  if (unit == quantity_units().end()) s.fail_value("quantity", "one of " + choices_text(quantity_units()));
  p.unit = unit->second;
  p.address = read_address(s, "address");
  p.table = read_table(s, "table", d.table);
  p.type = read_type(s, d.type);
  p.byte_order = read_order(s, "byte_order", d.byte_order);
  p.word_order = read_order(s, "word_order", d.word_order);
  p.scale = s.get_number("scale", 1, -1e12, 1e12);
  p.offset = s.get_number("offset", 0, -1e12, 1e12);
  if (s.has("scale_factor")) p.scale_factor = read_address(s, "scale_factor");
  s.finish();
  return p;
}

}  // namespace

void merge_points(Section& s, Profile& profile) {
  // Indexed by channel and quantity, so a profile of any size loads in linear time.
  std::vector<Section> items = s.get_list("points");
  profile.points.reserve(profile.points.size() + items.size());
  std::unordered_map<std::string, std::size_t> index(profile.points.capacity());
  auto key = [](const Point& p) { return p.channel + '\n' + p.quantity; };
  for (std::size_t i = 0; i < profile.points.size(); ++i) index.emplace(key(profile.points[i]), i);
  for (Section& item : items) {
    Point p = read_point(item, profile.defaults);
    if (profile.sunspec && p.table != profile.sunspec->table) {
      item.fail_value("table", "the SunSpec model's table");
    }
    const auto [at, added] = index.emplace(key(p), profile.points.size());
    if (added) {
      profile.points.push_back(std::move(p));
    } else {
      profile.points[at->second] = std::move(p);
    }
  }
}

Profile load_profile(const std::string& path) {
  Section top = load_yaml_file(path);
  Profile p;
  p.file = path;
  p.name = top.require_string("name");
  p.defaults.table = read_table(top, "table", Table::Holding);
  p.defaults.type = read_type(top, ValueType::U16);
  p.defaults.byte_order = read_order(top, "byte_order", Order::Big);
  p.defaults.word_order = read_order(top, "word_order", Order::Big);
  p.max_gap = static_cast<unsigned>(top.get_int("max_gap", 16, 0, kMaxReadRegisters));
  p.max_registers = static_cast<unsigned>(top.get_int("max_registers", kMaxReadRegisters, 4, kMaxReadRegisters));
  if (auto ss = top.optional_section("sunspec")) {
    SunSpecSearch search;
    search.table = p.defaults.table;
    for (const std::string& m : ss->get_string_list("models")) {
      try {
        search.models.push_back(static_cast<std::uint16_t>(std::stoul(m)));
      } catch (const std::exception&) {
        ss->fail_value("models", "a list of SunSpec model numbers");
      }
    }
    if (search.models.empty()) ss->fail("models", "a list of SunSpec model numbers (e.g. [201, 202, 203, 204])");
    ss->finish();
    p.sunspec = search;
  }
  merge_points(top, p);
  if (p.points.empty()) top.fail("points", "at least one point");
  top.finish();
  return p;
}

std::string find_profile(const std::string& ref, const std::string& config_dir) {
  return find_profile_file(ref, config_dir, SITEPOWER_PROFILE_DIR);
}

}  // namespace sitepower::modbus
