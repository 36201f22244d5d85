#pragma once
// Which requests one poll sends, and how their answers become readings.
// Built once when the register addresses are known (at start-up, or after a
// SunSpec scan), never per cycle.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modbus_frame.h"
#include "profile.h"
#include "reading.h"

namespace sitepower::modbus {

struct Block {
  Table table = Table::Holding;
  std::uint16_t address = 0;
  std::uint16_t count = 0;
};

// One block's outcome: its registers, or why there are none.
struct BlockResult {
  std::vector<std::uint16_t> registers;
  std::string error;
};

class ReadPlan {
 public:
  // `base` is added to every point and scale-factor address (a SunSpec
  // model's address; 0 otherwise). Throws std::invalid_argument if a point
  // runs past register 65535.
  ReadPlan(std::vector<Point> points, std::uint32_t base, unsigned max_gap, unsigned max_registers,
           bool sunspec_markers);

  const std::vector<Block>& blocks() const { return blocks_; }
  // `results` holds one entry per block, in order.
  std::vector<Reading> decode(const std::vector<BlockResult>& results) const;

 private:
  struct Located {
    std::size_t block;
    std::size_t index;  // first register within the block
  };
  struct PlannedPoint {
    Point point;
    Located value;
    std::optional<Located> scale_factor;
  };
  Located locate(Table table, std::uint32_t address) const;
  Reading decode_point(const PlannedPoint& p, const std::vector<BlockResult>& results) const;

  std::vector<PlannedPoint> points_;
  std::vector<Block> blocks_;
  bool sunspec_markers_;
};

}  // namespace sitepower::modbus
