#pragma once
// Turning registers into numbers: types, byte order within a register and
// word order across registers, as profiles describe them.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace sitepower::modbus {

// Acc16/32/64 are SunSpec accumulators: unsigned counters that differ from
// U16/32/64 only in their "not implemented" marker (0, not all ones).
enum class ValueType { U16, S16, U32, S32, U64, S64, F32, F64, Acc16, Acc32, Acc64 };
enum class Order { Big, Little };

std::optional<ValueType> parse_value_type(const std::string& name);  // "u16", "f32", "acc32", ...
std::string value_type_names();  // "u16, s16, ...", for errors
std::size_t register_count(ValueType t);

// The value's bits as one big-endian integer, after applying both orders.
std::uint64_t raw_bits(ValueType t, Order byte_order, Order word_order, std::span<const std::uint16_t> regs);
double to_number(ValueType t, std::uint64_t bits);
// Where an unsigned register value rolls over to 0 (2^16, 2^32, 2^64), before
// scaling; 0 for signed and float types, which have no such top.
double wrap_span(ValueType t);

// SunSpec's "not implemented" markers, from the SunSpec information model
// (pysunspec2 sunspec2/mb.py SUNS_UNIMPL_*): int16 0x8000, uint16 (also enum16,
// bitfield16, count) 0xFFFF, acc16/acc32/acc64 0, int32 0x80000000, uint32
// (also enum32, bitfield32) 0xFFFFFFFF, int64 0x8000000000000000, uint64 all
// ones, float32/float64 NaN. Scale factors (sunssf) use 0x8000, see below.
bool is_sunspec_unimplemented(ValueType t, std::uint64_t bits);
constexpr std::uint16_t kSunSpecScaleFactorUnimplemented = 0x8000;

}  // namespace sitepower::modbus
