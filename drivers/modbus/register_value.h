#pragma once
// Turning registers into numbers: types, byte order within a register and
// word order across registers, as profiles describe them.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace sitepower::modbus {

enum class ValueType { U16, S16, U32, S32, U64, S64, F32, F64 };
enum class Order { Big, Little };

std::optional<ValueType> parse_value_type(const std::string& name);  // "u16", "f32", ...
std::size_t register_count(ValueType t);

// The value's bits as one big-endian integer, after applying both orders.
std::uint64_t raw_bits(ValueType t, Order byte_order, Order word_order, std::span<const std::uint16_t> regs);
double to_number(ValueType t, std::uint64_t bits);

// SunSpec's "not implemented" markers (0x8000 for int16, 0xFFFF for uint16, ...).
bool is_sunspec_unimplemented(ValueType t, std::uint64_t bits);

}  // namespace sitepower::modbus
