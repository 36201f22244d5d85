#include "modbus_frame.h"

#include <fmt/format.h>

namespace sitepower::modbus {
namespace {

constexpr std::size_t kMbapLength = 7;       // transaction, protocol, length, unit
constexpr std::size_t kMaxPduLength = 253;   // Modbus application data unit limit
constexpr std::uint8_t kExceptionBit = 0x80;

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

// The PDU after unit id: function code, then either an exception code or a
// byte count and the registers.
Response decode_pdu(const ReadRequest& req, std::span<const std::uint8_t> pdu) {
  const std::uint8_t fc = function_code(req.table);
  if (pdu.size() < 2) return Response::failure(fmt::format("short frame: PDU of {} bytes", pdu.size()));
  if (pdu[0] == (fc | kExceptionBit)) {
    if (pdu.size() != 2) return Response::failure(fmt::format("exception frame of {} bytes, expected 2", pdu.size()));
    return {Response::Kind::Exception, {}, pdu[1], fmt::format("exception {} ({})", pdu[1], exception_text(pdu[1]))};
  }
  if (pdu[0] != fc) return Response::failure(fmt::format("function code {} in answer to {}", pdu[0], fc));
  const std::size_t want = 2u * req.count;
  if (pdu[1] != want || pdu.size() != 2u + pdu[1]) {
    const char* what = pdu[1] < want || pdu.size() < 2u + want ? "short" : "oversized";
    return Response::failure(fmt::format("{} frame: byte count {} in {} data bytes, asked for {} registers", what,
                                         pdu[1], pdu.size() - 2, req.count));
  }
  Response r{Response::Kind::Registers, {}, 0, {}};
  r.registers.reserve(req.count);
  for (std::size_t i = 0; i < req.count; ++i) r.registers.push_back(be16(pdu, 2 + 2 * i));
  return r;
}

}  // namespace

std::uint16_t crc16(std::span<const std::uint8_t> bytes) {
  std::uint16_t crc = 0xFFFF;
  for (std::uint8_t b : bytes) {
    crc ^= b;
    for (int i = 0; i < 8; ++i) crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

bool crc_matches(std::span<const std::uint8_t> frame) {
  if (frame.size() < 3) return false;
  const std::size_t body = frame.size() - 2;
  return crc16(frame.first(body)) == static_cast<std::uint16_t>(frame[body] | frame[body + 1] << 8);
}

std::vector<std::uint8_t> encode_request(Framing framing, std::uint16_t transaction_id, const ReadRequest& req) {
  std::vector<std::uint8_t> out;
  out.reserve(12);
  if (framing == Framing::Tcp) {
    put16(out, transaction_id);
    put16(out, 0);  // protocol id: Modbus
    put16(out, 6);  // unit + PDU
  }
  out.push_back(req.unit);
  out.push_back(function_code(req.table));
  put16(out, req.address);
  put16(out, req.count);
  if (framing == Framing::Rtu) {
    const std::uint16_t crc = crc16(out);
    out.push_back(static_cast<std::uint8_t>(crc & 0xFF));  // CRC goes low byte first
    out.push_back(static_cast<std::uint8_t>(crc >> 8));
  }
  return out;
}

FrameStatus frame_length(Framing framing, std::span<const std::uint8_t> rx) {
  using K = FrameStatus::Kind;
  if (framing == Framing::Tcp) {
    if (rx.size() < kMbapLength) return {K::NeedMore, 0, {}};
    if (be16(rx, 2) != 0) return {K::Invalid, 0, fmt::format("protocol id {} in MBAP header, expected 0", be16(rx, 2))};
    const std::size_t len = be16(rx, 4);
    if (len < 3) return {K::Invalid, 0, fmt::format("short frame: MBAP length {}", len)};
    if (len > kMaxPduLength + 1) return {K::Invalid, 0, fmt::format("oversized frame: MBAP length {}", len)};
    return rx.size() < 6 + len ? FrameStatus{K::NeedMore, 0, {}} : FrameStatus{K::Complete, 6 + len, {}};
  }
  if (rx.size() < 3) return {K::NeedMore, 0, {}};
  std::size_t len = 0;
  if (rx[1] & kExceptionBit) {
    len = 5;  // unit, fc, code, CRC
  } else if (rx[1] == 3 || rx[1] == 4) {
    len = 5 + std::size_t{rx[2]};  // unit, fc, byte count, data, CRC
  } else {
    return {K::Invalid, 0, fmt::format("function code {} cannot start a read response", rx[1])};
  }
  return rx.size() < len ? FrameStatus{K::NeedMore, 0, {}} : FrameStatus{K::Complete, len, {}};
}

Response decode_response(Framing framing, std::uint16_t transaction_id, const ReadRequest& req,
                         std::span<const std::uint8_t> frame) {
  std::size_t unit_at = 0;
  std::span<const std::uint8_t> pdu;
  if (framing == Framing::Tcp) {
    if (frame.size() < kMbapLength + 1) return Response::failure(fmt::format("short frame: {} bytes", frame.size()));
    if (be16(frame, 0) != transaction_id) {
      return Response::failure(fmt::format("transaction id {} in answer to {}", be16(frame, 0), transaction_id));
    }
    if (be16(frame, 4) != frame.size() - 6) return Response::failure("MBAP length disagrees with the frame size");
    unit_at = 6;
    pdu = frame.subspan(kMbapLength);
  } else {
    if (frame.size() < 5) return Response::failure(fmt::format("short frame: {} bytes", frame.size()));
    const std::size_t body = frame.size() - 2;
    if (!crc_matches(frame)) {
      return Response::failure(fmt::format("bad CRC {:04x}, computed {:04x}", frame[body] | frame[body + 1] << 8,
                                           crc16(frame.first(body))));
    }
    pdu = frame.subspan(1, body - 1);
  }
  if (frame[unit_at] != req.unit) {
    return Response::failure(fmt::format("answer from unit {} to a request for unit {}", frame[unit_at], req.unit));
  }
  return decode_pdu(req, pdu);
}

std::string exception_text(std::uint8_t code) {
  switch (code) {
    case 1: return "illegal function";
    case 2: return "illegal data address";
    case 3: return "illegal data value";
    case 4: return "server device failure";
    case 5: return "acknowledge";
    case 6: return "server device busy";
    case 10: return "gateway path unavailable";
    case 11: return "gateway target device failed to respond";
    default: return "unknown exception";
  }
}

}  // namespace sitepower::modbus
