#include "register_value.h"

#include <bit>
#include <cmath>
#include <utility>
#include <vector>

namespace sitepower::modbus {

namespace {

const std::vector<std::pair<std::string, ValueType>>& type_names() {
  static const std::vector<std::pair<std::string, ValueType>> kTypes{
      {"u16", ValueType::U16},     {"s16", ValueType::S16},     {"u32", ValueType::U32},
      {"s32", ValueType::S32},     {"u64", ValueType::U64},     {"s64", ValueType::S64},
      {"f32", ValueType::F32},     {"f64", ValueType::F64},     {"acc16", ValueType::Acc16},
      {"acc32", ValueType::Acc32}, {"acc64", ValueType::Acc64}};
  return kTypes;
}

}  // namespace

std::optional<ValueType> parse_value_type(const std::string& name) {
  for (const auto& [n, t] : type_names()) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string value_type_names() {
  std::string out;
  for (const auto& [n, t] : type_names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::size_t register_count(ValueType t) {
  switch (t) {
    case ValueType::U16:
    case ValueType::S16:
    case ValueType::Acc16: return 1;
    case ValueType::U32:
    case ValueType::S32:
    case ValueType::F32:
    case ValueType::Acc32: return 2;
    case ValueType::U64:
    case ValueType::S64:
    case ValueType::F64:
    case ValueType::Acc64: return 4;
  }
  return 1;
}

std::uint64_t raw_bits(ValueType t, Order byte_order, Order word_order, std::span<const std::uint16_t> regs) {
  const std::size_t n = register_count(t);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::uint16_t w = regs[word_order == Order::Big ? i : n - 1 - i];
    if (byte_order == Order::Little) w = static_cast<std::uint16_t>(w << 8 | w >> 8);
    bits = bits << 16 | w;
  }
  return bits;
}

double to_number(ValueType t, std::uint64_t bits) {
  switch (t) {
    case ValueType::U16:
    case ValueType::Acc16: return static_cast<double>(static_cast<std::uint16_t>(bits));
    case ValueType::S16: return static_cast<double>(static_cast<std::int16_t>(bits));
    case ValueType::U32:
    case ValueType::Acc32: return static_cast<double>(static_cast<std::uint32_t>(bits));
    case ValueType::S32: return static_cast<double>(static_cast<std::int32_t>(bits));
    case ValueType::U64:
    case ValueType::Acc64: return static_cast<double>(bits);
    case ValueType::S64: return static_cast<double>(static_cast<std::int64_t>(bits));
    case ValueType::F32: return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
    case ValueType::F64: return std::bit_cast<double>(bits);
  }
  return 0;
}

double wrap_span(ValueType t) {
  switch (t) {
    case ValueType::U16:
    case ValueType::Acc16: return 0x1p16;
    case ValueType::U32:
    case ValueType::Acc32: return 0x1p32;
    case ValueType::U64:
    case ValueType::Acc64: return 0x1p64;
    case ValueType::S16:
    case ValueType::S32:
    case ValueType::S64:
    case ValueType::F32:
    case ValueType::F64: return 0;
  }
  return 0;
}

bool is_sunspec_unimplemented(ValueType t, std::uint64_t bits) {
  switch (t) {
    case ValueType::U16: return bits == 0xFFFF;
    case ValueType::S16: return bits == 0x8000;
    case ValueType::U32: return bits == 0xFFFFFFFF;
    case ValueType::S32: return bits == 0x80000000;
    case ValueType::U64: return bits == 0xFFFFFFFFFFFFFFFF;
    case ValueType::S64: return bits == 0x8000000000000000;
    case ValueType::Acc16:
    case ValueType::Acc32:
    case ValueType::Acc64: return bits == 0;  // a counter that never counted
    case ValueType::F32:
    case ValueType::F64: return std::isnan(to_number(t, bits));  // 0x7FC00000 / 0x7FF8000000000000, or any NaN
  }
  return false;
}

}  // namespace sitepower::modbus
