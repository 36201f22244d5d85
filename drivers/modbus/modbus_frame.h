#pragma once
// Modbus application frames: read requests (TCP and RTU framing) and the
// decoding of their responses. Pure functions, no I/O, so the decoder can be
// fuzzed and benchmarked on its own.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sitepower::modbus {

// Which register table a value lives in. It is the only thing a request's
// function code is derived from, and it has no writable member, so no
// configuration can make the driver produce a write (FC 5, 6, 15, 16, 22, 23).
enum class Table : std::uint8_t { Holding, Input };

constexpr std::uint8_t function_code(Table t) { return t == Table::Holding ? 3 : 4; }

enum class Framing { Tcp, Rtu };  // MBAP header, or unit + PDU + CRC-16

constexpr std::size_t kMaxReadRegisters = 125;  // the protocol's limit for FC 3/4

struct ReadRequest {
  std::uint8_t unit = 1;
  Table table = Table::Holding;
  std::uint16_t address = 0;
  std::uint16_t count = 1;
};

std::uint16_t crc16(std::span<const std::uint8_t> bytes);
// An RTU frame's trailing CRC (low byte first) matches the bytes before it.
bool crc_matches(std::span<const std::uint8_t> frame);

std::vector<std::uint8_t> encode_request(Framing framing, std::uint16_t transaction_id, const ReadRequest& req);

// How much of a response has arrived: not enough yet, a whole frame of
// `length` bytes, or bytes no valid response starts with.
struct FrameStatus {
  enum class Kind { NeedMore, Complete, Invalid } kind = Kind::NeedMore;
  std::size_t length = 0;
  std::string error;
};
FrameStatus frame_length(Framing framing, std::span<const std::uint8_t> received);

// Malformed: something answered, but not a valid answer to this request.
// NoAnswer: nothing answered (timeout, refused, closed); set by the transport.
struct Response {
  enum class Kind { Registers, Exception, Malformed, NoAnswer } kind = Kind::Malformed;
  std::vector<std::uint16_t> registers;
  std::uint8_t exception_code = 0;
  std::string error;  // all but Registers: what the operator reads in the log

  static Response failure(std::string why) { return {Kind::Malformed, {}, 0, std::move(why)}; }
  static Response no_answer(std::string why) { return {Kind::NoAnswer, {}, 0, std::move(why)}; }
};

// Checks a complete frame against the request it answers: transaction and
// unit id, function code, byte count, CRC (RTU).
Response decode_response(Framing framing, std::uint16_t transaction_id, const ReadRequest& req,
                         std::span<const std::uint8_t> frame);

std::string exception_text(std::uint8_t code);

}  // namespace sitepower::modbus
