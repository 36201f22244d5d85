#include "sunspec_scan.h"

#include <fmt/format.h>

#include <algorithm>

namespace sitepower::modbus {
namespace {

constexpr std::uint16_t kMarkerHigh = 0x5375;  // "Su"
constexpr std::uint16_t kMarkerLow = 0x6E53;   // "nS"
constexpr std::uint16_t kEndOfChain = 0xFFFF;
constexpr std::size_t kMaxModels = 256;  // a chain longer than this is garbage, not a device

}  // namespace

SunSpecScan::SunSpecScan(SunSpecSearch search) : search_(std::move(search)) {
  if (search_.bases.empty()) fail("no SunSpec base addresses to scan");
}

std::optional<ReadRequest> SunSpecScan::next(std::uint8_t unit) const {
  if (finished_) return std::nullopt;
  const std::uint32_t at = chain_at_ ? *chain_at_ : search_.bases[base_index_];
  return ReadRequest{unit, search_.table, static_cast<std::uint16_t>(at), 2};
}

void SunSpecScan::fail(std::string why) {
  finished_ = true;
  failure_ = std::move(why);
}

void SunSpecScan::feed(const std::vector<std::uint16_t>* regs) {
  if (finished_) return;
  const bool ok = regs != nullptr && regs->size() == 2;
  if (!chain_at_) {
    if (ok && (*regs)[0] == kMarkerHigh && (*regs)[1] == kMarkerLow) {
      chain_at_ = search_.bases[base_index_] + 2;
    } else if (++base_index_ == search_.bases.size()) {
      fail("no SunSpec marker 'SunS' at any base address");
    }
    return;
  }
  if (!ok) return fail(fmt::format("model chain unreadable at register {}", *chain_at_));
  const std::uint16_t id = (*regs)[0];
  const std::uint16_t length = (*regs)[1];
  if (id == kEndOfChain) return fail("no meter model in the SunSpec chain");
  if (std::find(search_.models.begin(), search_.models.end(), id) != search_.models.end()) {
    model_address_ = *chain_at_;
    model_id_ = id;
    model_length_ = length;
    finished_ = true;
    return;
  }
  const std::uint32_t next = *chain_at_ + 2 + length;
  if (++models_walked_ > kMaxModels || next + 2 > 0x10000) {
    return fail(fmt::format("SunSpec model chain runs off the register table after model {}", id));
  }
  chain_at_ = next;
}

}  // namespace sitepower::modbus
