#pragma once
// A profile: the register map of one kind of meter, as data. See README.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modbus_frame.h"
#include "register_value.h"

namespace sitepower {
class Section;
}

namespace sitepower::modbus {

struct Point {
  std::string channel = "total";
  std::string quantity;
  std::string unit;  // SI unit of the quantity, after scale
  Table table = Table::Holding;
  // Register address; in a SunSpec profile the offset from the model's ID register.
  std::uint16_t address = 0;
  ValueType type = ValueType::U16;
  Order byte_order = Order::Big;
  Order word_order = Order::Big;
  double scale = 1;   // value = raw × 10^sf × scale + offset
  double offset = 0;
  std::optional<std::uint16_t> scale_factor;  // address (SunSpec: offset) of a signed int16 exponent
};

// Where SunSpec models are searched and which of them the profile's points fit.
struct SunSpecSearch {
  std::vector<std::uint16_t> models;
  std::vector<std::uint16_t> bases{40000, 50000, 0};
  Table table = Table::Holding;
};

// File-level defaults every point (also inline ones in a site config) starts from.
struct PointDefaults {
  Table table = Table::Holding;
  ValueType type = ValueType::U16;
  Order byte_order = Order::Big;
  Order word_order = Order::Big;
};

struct Profile {
  std::string name;
  std::string file;
  std::optional<SunSpecSearch> sunspec;
  PointDefaults defaults;
  unsigned max_gap = 16;                      // unused registers bridged to save a request
  unsigned max_registers = kMaxReadRegisters;  // per request; some meters accept fewer
  std::vector<Point> points;
};

Profile load_profile(const std::string& path);

// Reads `points:` from `s` with the profile's defaults; a point with the same
// channel and quantity as an existing one replaces it, others are added.
void merge_points(Section& s, Profile& profile);

// Resolves `profile:` from a device section: a path (has '/' or ends in
// .yaml) relative to config_dir, else a name looked up as
// <config_dir>/profiles/<name>.yaml, then <SITEPOWER_PROFILE_DIR>/<name>.yaml.
std::string find_profile(const std::string& ref, const std::string& config_dir);

}  // namespace sitepower::modbus
