// libFuzzer target for the Modbus response decoder: whatever a peer sends,
// frame_length() and decode_response() must neither crash nor read out of
// bounds, and a decoded answer must hold exactly the registers asked for.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "modbus_frame.h"

using namespace sitepower::modbus;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  // The first three bytes choose the framing and the request being answered.
  const Framing framing = data[0] & 1 ? Framing::Rtu : Framing::Tcp;
  const ReadRequest req{data[1], data[0] & 2 ? Table::Input : Table::Holding, 0,
                        static_cast<std::uint16_t>(1 + data[2] % kMaxReadRegisters)};
  const std::span<const std::uint8_t> rx(data + 3, size - 3);
  const FrameStatus st = frame_length(framing, rx);
  if (st.kind == FrameStatus::Kind::Complete) {
    if (st.length > rx.size()) std::abort();
    const Response r = decode_response(framing, 0x0102, req, rx.first(st.length));
    if (r.kind == Response::Kind::Registers && r.registers.size() != req.count) std::abort();
  }
  decode_response(framing, 0x0102, req, rx);  // also the raw bytes, framed or not
  return 0;
}
