#include "register_image.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sitepower::test {
namespace {

// The value's bits and its width in registers.
std::pair<std::uint64_t, int> encode(const std::string& type, const std::string& text) {
  if (type == "f32") return {std::bit_cast<std::uint32_t>(std::stof(text)), 2};
  if (type == "f64") return {std::bit_cast<std::uint64_t>(std::stod(text)), 4};
  const bool is_signed = type[0] == 's';
  const std::uint64_t bits = is_signed ? static_cast<std::uint64_t>(std::stoll(text, nullptr, 0)) : std::stoull(text, nullptr, 0);
  if (type == "u16" || type == "s16") return {bits & 0xFFFF, 1};
  if (type == "u32" || type == "s32") return {bits & 0xFFFFFFFF, 2};
  if (type == "u64" || type == "s64") return {bits, 4};
  throw std::invalid_argument("unknown type " + type);
}

}  // namespace

void load_register_image(const std::string& path, modbus_mapping_t* map) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read register image " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream fields(line);
    std::string table, address_text, type, value;
    if (!(fields >> table)) continue;
    try {
      if (!(fields >> address_text >> type >> value)) throw std::invalid_argument("expected 4 fields");
      std::uint16_t* regs = table == "holding" ? map->tab_registers
                            : table == "input" ? map->tab_input_registers
                                               : throw std::invalid_argument("unknown table " + table);
      const unsigned long address = std::stoul(address_text, nullptr, 0);
      const auto [bits, width] = encode(type, value);
      if (address + width > 0x10000) throw std::invalid_argument("address out of range");
      for (int i = 0; i < width; ++i) regs[address + i] = static_cast<std::uint16_t>(bits >> (16 * (width - 1 - i)));
    } catch (const std::exception& e) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
}

}  // namespace sitepower::test
