// Frames and their faults, without a peer: the decoder's verdict on each kind
// of bad answer.
#include <gtest/gtest.h>

#include "modbus_frame.h"

namespace sitepower::modbus {
namespace {

using Bytes = std::vector<std::uint8_t>;
const ReadRequest kRead{1, Table::Holding, 0, 2};

Bytes rtu(Bytes body) {
  const std::uint16_t crc = crc16(body);
  body.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  body.push_back(static_cast<std::uint8_t>(crc >> 8));
  return body;
}

TEST(ModbusFrame, Crc16MatchesTheSpecExample) {
  const Bytes frame{0x01, 0x03, 0x00, 0x00, 0x00, 0x0A};
  EXPECT_EQ(crc16(frame), 0xCDC5);  // sent as C5 CD
}

TEST(ModbusFrame, EncodesReadRequestsInBothFramings) {
  EXPECT_EQ(encode_request(Framing::Tcp, 0x1234, {7, Table::Input, 0x34, 2}),
            (Bytes{0x12, 0x34, 0, 0, 0, 6, 7, 4, 0x00, 0x34, 0, 2}));
  EXPECT_EQ(encode_request(Framing::Rtu, 0, {1, Table::Holding, 0, 10}), (Bytes{1, 3, 0, 0, 0, 10, 0xC5, 0xCD}));
}

TEST(ModbusFrame, DecodesRegistersAndExceptions) {
  const Response ok = decode_response(Framing::Rtu, 0, kRead, rtu({1, 3, 4, 0x12, 0x34, 0xAB, 0xCD}));
  ASSERT_EQ(ok.kind, Response::Kind::Registers) << ok.error;
  EXPECT_EQ(ok.registers, (std::vector<std::uint16_t>{0x1234, 0xABCD}));

  const Response ex = decode_response(Framing::Tcp, 9, kRead, Bytes{0, 9, 0, 0, 0, 3, 1, 0x83, 2});
  ASSERT_EQ(ex.kind, Response::Kind::Exception);
  EXPECT_EQ(ex.exception_code, 2);
  EXPECT_EQ(ex.error, "exception 2 (illegal data address)");
}

TEST(ModbusFrame, EachMalformedAnswerIsNamed) {
  auto error_of = [](Framing f, std::uint16_t tid, const Bytes& frame) {
    const Response r = decode_response(f, tid, kRead, frame);
    EXPECT_EQ(r.kind, Response::Kind::Malformed);
    return r.error;
  };
  EXPECT_EQ(error_of(Framing::Tcp, 5, {0, 6, 0, 0, 0, 7, 1, 3, 4, 0, 0, 0, 0}), "transaction id 6 in answer to 5");
  EXPECT_EQ(error_of(Framing::Rtu, 0, rtu({2, 3, 4, 0, 0, 0, 0})), "answer from unit 2 to a request for unit 1");
  EXPECT_EQ(error_of(Framing::Rtu, 0, rtu({1, 3, 2, 0, 0})),
            "short frame: byte count 2 in 2 data bytes, asked for 2 registers");
  EXPECT_EQ(error_of(Framing::Rtu, 0, rtu({1, 3, 6, 0, 0, 0, 0, 0, 0})),
            "oversized frame: byte count 6 in 6 data bytes, asked for 2 registers");
  Bytes corrupt = rtu({1, 3, 4, 0, 0, 0, 0});
  corrupt.back() ^= 0xFF;
  EXPECT_NE(error_of(Framing::Rtu, 0, corrupt).find("bad CRC"), std::string::npos);
  EXPECT_EQ(error_of(Framing::Tcp, 1, {0, 1, 0, 0, 0, 3, 1, 6, 0}), "function code 6 in answer to 3");
}

TEST(ModbusFrame, FrameLengthWaitsForWholeFramesAndRejectsImpossibleOnes) {
  using K = FrameStatus::Kind;
  EXPECT_EQ(frame_length(Framing::Tcp, Bytes{0, 1, 0, 0, 0}).kind, K::NeedMore);
  EXPECT_EQ(frame_length(Framing::Tcp, Bytes{0, 1, 0, 0, 0, 7, 1, 3}).kind, K::NeedMore);
  const FrameStatus tcp = frame_length(Framing::Tcp, Bytes{0, 1, 0, 0, 0, 3, 1, 0x83, 2});
  EXPECT_EQ(tcp.kind, K::Complete);
  EXPECT_EQ(tcp.length, 9u);
  EXPECT_EQ(frame_length(Framing::Tcp, Bytes{0, 1, 0, 0, 1, 0, 1}).error, "oversized frame: MBAP length 256");
  EXPECT_EQ(frame_length(Framing::Tcp, Bytes{0, 1, 0, 7, 0, 3, 1}).kind, K::Invalid);
  EXPECT_EQ(frame_length(Framing::Rtu, Bytes{1, 3, 4, 0}).kind, K::NeedMore);
  EXPECT_EQ(frame_length(Framing::Rtu, Bytes{1, 3, 4, 0, 0, 0, 0, 0, 0}).length, 9u);
  EXPECT_EQ(frame_length(Framing::Rtu, Bytes{1, 0x83, 2, 0, 0}).length, 5u);
  EXPECT_EQ(frame_length(Framing::Rtu, Bytes{1, 16, 0}).kind, K::Invalid);
}

}  // namespace
}  // namespace sitepower::modbus
