#include "read_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <tuple>
#include <utility>
#include <stdexcept>

namespace sitepower::modbus {
namespace {

constexpr int kMaxScaleExponent = 10;  // SunSpec sunssf range is -10..10

struct Span {
  Table table;
  std::uint32_t start;
  std::uint32_t end;  // one past the last register
};

std::vector<Block> coalesce(std::vector<Span> spans, unsigned max_gap, unsigned max_registers) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.table, a.start, a.end) < std::tie(b.table, b.start, b.end);
  });
  std::vector<Block> blocks;
  std::uint32_t block_end = 0;
  for (const Span& s : spans) {
    if (!blocks.empty()) {
      Block& b = blocks.back();
      const std::uint32_t end = std::max(block_end, s.end);
      if (b.table == s.table && s.start <= block_end + max_gap && end - b.address <= max_registers) {
        block_end = end;
        b.count = static_cast<std::uint16_t>(end - b.address);
        continue;
      }
    }
    blocks.push_back({s.table, static_cast<std::uint16_t>(s.start), static_cast<std::uint16_t>(s.end - s.start)});
    block_end = s.end;
  }
  return blocks;
}

}  // namespace

ReadPlan::ReadPlan(std::vector<Point> points, std::uint32_t base, unsigned max_gap, unsigned max_registers,
                   bool sunspec_markers)
    : sunspec_markers_(sunspec_markers) {
  std::vector<Span> spans;
  auto add_span = [&](const Point& p, std::uint32_t address, std::size_t count) {
    if (address + count > 0x10000) {
      throw std::invalid_argument(fmt::format("{}/{}: register {} is past the end of the table", p.channel,
                                              p.quantity, address));
    }
    spans.push_back({p.table, address, static_cast<std::uint32_t>(address + count)});
  };
  for (const Point& p : points) {
    add_span(p, base + p.address, register_count(p.type));
    if (p.scale_factor) add_span(p, base + *p.scale_factor, 1);
  }
  blocks_ = coalesce(std::move(spans), max_gap, max_registers);
  for (Point& p : points) {
    PlannedPoint planned{p, locate(p.table, base + p.address), std::nullopt};
    if (p.scale_factor) planned.scale_factor = locate(p.table, base + *p.scale_factor);
    points_.push_back(std::move(planned));
  }
}

ReadPlan::Located ReadPlan::locate(Table table, std::uint32_t address) const {
  // Blocks are sorted by table and address and do not overlap: the last one
  // starting at or before `address` is the only one that can hold it.
  const auto after = std::upper_bound(blocks_.begin(), blocks_.end(), std::make_pair(table, address),
                                      [](const std::pair<Table, std::uint32_t>& at, const Block& b) {
                                        return std::tie(at.first, at.second) < std::tie(b.table, b.address);
                                      });
  if (after != blocks_.begin()) {
    const Block& b = *std::prev(after);
    if (b.table == table && address < std::uint32_t{b.address} + b.count) {
      return {static_cast<std::size_t>(std::prev(after) - blocks_.begin()), address - b.address};
    }
  }
  throw std::logic_error("read plan lost a register");  // coalesce() covers every span
}

std::vector<Reading> ReadPlan::decode(const std::vector<BlockResult>& results) const {
  std::vector<Reading> out;
  out.reserve(points_.size());
  for (const PlannedPoint& p : points_) out.push_back(decode_point(p, results));
  return out;
}

Reading ReadPlan::decode_point(const PlannedPoint& p, const std::vector<BlockResult>& results) const {
  Reading r{p.point.channel, p.point.quantity, 0, p.point.unit, Quality::Bad, ""};
  const BlockResult& block = results.at(p.value.block);
  if (!block.error.empty()) {
    r.error = block.error;
    return r;
  }
  const std::span<const std::uint16_t> regs(block.registers);
  const std::uint64_t bits =
      raw_bits(p.point.type, p.point.byte_order, p.point.word_order, regs.subspan(p.value.index));
  if (sunspec_markers_ && is_sunspec_unimplemented(p.point.type, bits)) {
    r.error = "not implemented by the device";
    return r;
  }
  double value = to_number(p.point.type, bits);
  double span = wrap_span(p.point.type);  // scaled with the value below (Reading::counter_span)
  if (p.scale_factor) {
    const BlockResult& sf_block = results.at(p.scale_factor->block);
    if (!sf_block.error.empty()) {
      r.error = "scale factor: " + sf_block.error;
      return r;
    }
    const std::uint16_t sf_bits = sf_block.registers[p.scale_factor->index];
    if (sunspec_markers_ && sf_bits == kSunSpecScaleFactorUnimplemented) {
      r.error = "scale factor not implemented by the device";
      return r;
    }
    const int sf = static_cast<std::int16_t>(sf_bits);
    if (std::abs(sf) > kMaxScaleExponent) {
      r.error = fmt::format("scale factor {} out of range (not implemented or not a scale factor)", sf);
      return r;
    }
    value *= std::pow(10.0, sf);
    span *= std::pow(10.0, sf);
  }
  value = value * p.point.scale + p.point.offset;
  span *= std::abs(p.point.scale);
  if (!std::isfinite(value)) {
    r.error = "device returned a non-finite value";
    return r;
  }
  r.value = value;
  r.counter_span = span;
  r.quality = Quality::Good;
  return r;
}

}  // namespace sitepower::modbus
