#pragma once
// Finds a SunSpec model by reading the device, not by knowing its address:
// look for the "SunS" marker at each base, then walk the model chain
// ([ID, L, L registers], next at address + 2 + L) until a wanted model or the
// 0xFFFF end marker. Pure state machine; the driver does the reads.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modbus_frame.h"
#include "profile.h"

namespace sitepower::modbus {

class SunSpecScan {
 public:
  explicit SunSpecScan(SunSpecSearch search);

  // The next two registers to read, or nothing once finished.
  std::optional<ReadRequest> next(std::uint8_t unit) const;
  // The answer to next(): the two registers, or nullptr if the read failed
  // with an exception (an unmapped base is normal; the scan moves on).
  void feed(const std::vector<std::uint16_t>* registers);

  bool finished() const { return finished_; }
  // Set when a wanted model was found: the address of its ID register.
  std::optional<std::uint32_t> model_address() const { return model_address_; }
  std::uint16_t model_id() const { return model_id_; }
  std::uint16_t model_length() const { return model_length_; }
  const std::string& failure() const { return failure_; }

 private:
  void fail(std::string why);

  SunSpecSearch search_;
  std::size_t base_index_ = 0;
  std::optional<std::uint32_t> chain_at_;  // set once the marker is found
  std::size_t models_walked_ = 0;
  bool finished_ = false;
  std::optional<std::uint32_t> model_address_;
  std::uint16_t model_id_ = 0;
  std::uint16_t model_length_ = 0;
  std::string failure_;
};

}  // namespace sitepower::modbus
