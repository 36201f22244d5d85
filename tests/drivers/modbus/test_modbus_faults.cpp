// The driver against a real libmodbus peer that misbehaves on purpose: every
// fault gives a named error and bad quality, and the next poll still works.
#include <fstream>

#include "device_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kSdm = "profile: eastron-sdm630, ";

// Every reading of the poll is bad and carries `error`.
void expect_all_bad(const PollResult& r, const std::string& error) {
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_FALSE(r.readings.empty());
  for (const auto& x : r.readings) {
    EXPECT_EQ(x.quality, Quality::Bad) << x.channel << "/" << x.quantity;
    EXPECT_NE(x.error.find(error), std::string::npos) << x.error;
  }
}

TEST_F(ModbusDeviceTest, ReadsTheSameMeterOverTcpGatewayAndSerial) {
  for (Mode mode : {Mode::Tcp, Mode::RtuOverTcp, Mode::RtuPty}) {
    auto& peer = start_peer(mode, {{1, "eastron-sdm630.txt", ""}});
    const std::string transport = mode == Mode::RtuOverTcp ? "transport: rtu-over-tcp, " : "";
    auto driver = make("{" + kSdm + transport + where(peer) + "}");
    const PollResult r = poll(*driver);
    ASSERT_EQ(r.error, "");
    ASSERT_NE(find(r, "L1", "voltage"), nullptr);
    EXPECT_EQ(find(r, "L1", "voltage")->value, 230.5);
    EXPECT_EQ(find(r, "L2", "power")->value, -150.25);
    EXPECT_EQ(find(r, "L3", "power")->quality, Quality::Bad);
    EXPECT_EQ(peer.function_codes(), (std::vector<int>{4, 4}));  // two coalesced reads, both FC 4
  }
}

TEST_F(ModbusDeviceTest, ExceptionResponseIsNamedAndDoesNotStickTheDevice) {
  auto& peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", "exception:2"}});
  auto driver = make("{" + kSdm + where(peer) + "}");
  expect_all_bad(poll(*driver), "exception 2 (illegal data address)");
  expect_all_bad(poll(*driver), "exception 2 (illegal data address)");
  EXPECT_EQ(peer.function_codes().size(), 4u);  // exceptions are answers: not retried
}

TEST_F(ModbusDeviceTest, WrongTransactionIdIsRejected) {
  auto& peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", "wrong-tid"}});
  auto driver = make("{" + kSdm + where(peer) + "}");
  expect_all_bad(poll(*driver), "transaction id");
}

TEST_F(ModbusDeviceTest, AnswerFromTheWrongUnitIsRejected) {
  auto& peer = start_peer(Mode::RtuOverTcp, {{3, "eastron-sdm630.txt", "wrong-unit"}});
  auto driver = make("{" + kSdm + "transport: rtu-over-tcp, unit: 3, " + where(peer) + "}");
  expect_all_bad(poll(*driver), "answer from unit 4 to a request for unit 3");
}

TEST_F(ModbusDeviceTest, ShortAndOversizedFramesAreRejected) {
  auto& short_peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", "short"}});
  auto& long_peer = start_peer(Mode::RtuOverTcp, {{1, "eastron-sdm630.txt", "oversized"}});
  auto short_driver = make("{" + kSdm + where(short_peer) + "}");
  auto long_driver = make("{" + kSdm + "transport: rtu-over-tcp, " + where(long_peer) + "}");
  expect_all_bad(poll(*short_driver), "short frame");
  expect_all_bad(poll(*long_driver), "oversized frame");
}

TEST_F(ModbusDeviceTest, BadCrcIsRejectedAndRetried) {
  auto& peer = start_peer(Mode::RtuPty, {{1, "eastron-sdm630.txt", "bad-crc"}});
  auto driver = make("{" + kSdm + "retries: 2, retry_backoff_s: 0.01, " + where(peer) + "}");
  expect_all_bad(poll(*driver), "bad CRC");
  EXPECT_EQ(peer.function_codes().size(), 6u);  // 2 blocks × (1 try + 2 retries)
}

TEST_F(ModbusDeviceTest, SilentMeterFailsWithinItsResponseTimeout) {
  auto& peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", "silent"}});
  auto driver = make("{" + kSdm + "response_timeout_s: 0.1, retries: 1, retry_backoff_s: 0.01, " + where(peer) + "}");
  const auto start = std::chrono::steady_clock::now();
  const PollResult r = poll(*driver);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_NE(r.error.find("no answer within 100 ms"), std::string::npos) << r.error;
  EXPECT_EQ(peer.function_codes().size(), 2u);  // first block, tried twice; the poll stops there
}

TEST_F(ModbusDeviceTest, ReconnectsEachTimeThePeerClosesTheConnection) {
  auto& peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", "close-after:1"}});
  auto driver = make("{" + kSdm + "retry_backoff_s: 0.01, " + where(peer) + "}");
  for (int i = 0; i < 3; ++i) {
    const PollResult r = poll(*driver);
    ASSERT_EQ(r.error, "") << "poll " << i;
    EXPECT_EQ(find(r, "total", "power")->value, 2250.25);
    EXPECT_EQ(find(r, "total", "power")->quality, Quality::Good);
  }
  EXPECT_GE(peer.count("closing connection"), 5u);  // the peer hung up after each of the 6 answers
}

TEST_F(ModbusDeviceTest, RefusedConnectionIsRetriedWithBackoffNotHammered) {
  LogCapture log;
  auto driver = make("{" + kSdm + "retries: 0, host: 127.0.0.1, port: " + std::to_string(free_port()) + "}");
  const PollResult first = poll(*driver);
  EXPECT_NE(first.error.find("cannot connect: Connection refused"), std::string::npos) << first.error;
  const PollResult second = poll(*driver);
  EXPECT_NE(second.error.find("not connected (Connection refused); next attempt in"), std::string::npos)
      << second.error;
  // Poll until the backoff has passed and a second attempt was refused too.
  const auto give_up = std::chrono::steady_clock::now() + 5s;
  bool refused_again = false;
  while (!refused_again && std::chrono::steady_clock::now() < give_up) {
    refused_again = poll(*driver).error.find("cannot connect") != std::string::npos;
  }
  EXPECT_TRUE(refused_again);
  EXPECT_EQ(log.count("cannot connect: Connection refused; retrying with backoff"), 1u) << log.text();  // once per outage
}

TEST_F(ModbusDeviceTest, InlinePointsOverrideAndExtendTheProfile) {
  auto& peer = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", ""}});
  // A CT fitted backwards: the site flips total power and adds L1 frequency.
  auto driver = make("{" + kSdm + where(peer) +
                     ", points: [{quantity: power, address: 0x34, scale: -1},"
                     " {quantity: frequency, channel: L1, address: 0x46}]}");
  const PollResult r = poll(*driver);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.readings.size(), 17u);
  EXPECT_EQ(find(r, "total", "power")->value, -2250.25);
  EXPECT_EQ(find(r, "L1", "frequency")->value, 49.875);
}

// The README's example: a meter sitepower does not ship, read with a profile only.
TEST_F(ModbusDeviceTest, UnshippedMeterIsReadWithOnlyAProfile) {
  std::ofstream(dir_ + "/em24.yaml") << R"(name: Carlo Gavazzi EM24 (example)
table: input
type: s32
word_order: little        # low word first
max_gap: 32               # the whole map in one request
points:
  - {quantity: voltage, channel: L1, address: 0x0000, scale: 0.1}
  - {quantity: current, channel: L1, address: 0x000C, scale: 0.001}
  - {quantity: power, channel: L1, address: 0x0012, scale: 0.1}
  - {quantity: power, address: 0x0028, scale: 0.1}
  - {quantity: power_factor, address: 0x0031, type: s16, scale: 0.001}
  - {quantity: frequency, address: 0x0033, type: s16, scale: 0.1}
  - {quantity: energy_import, address: 0x0034, scale: 100}
)";
  std::ofstream(dir_ + "/em24.txt") << "input 0x0000 u16 2305\ninput 0x0001 u16 0\n"  // 230.5 V, low word first
                                       "input 0x000C u16 0x2904\ninput 0x000D u16 0\n"   // 10.5 A
                                       "input 0x0012 u16 0xFF9C\ninput 0x0013 u16 0xFFFF\n"  // -10.0 W
                                       "input 0x0028 u16 24000\ninput 0x0029 u16 0\n"
                                       "input 0x0031 s16 -950\ninput 0x0033 s16 500\n"
                                       "input 0x0034 u16 0x86A0\ninput 0x0035 u16 1\n";  // 100000 × 0.1 kWh
  auto& peer = start_peer(Mode::Tcp, {{1, dir_ + "/em24.txt", ""}});
  auto driver = make("{profile: em24.yaml, " + where(peer) + "}");
  const PollResult r = poll(*driver);
  ASSERT_EQ(r.error, "");
  EXPECT_DOUBLE_EQ(find(r, "L1", "voltage")->value, 230.5);
  EXPECT_DOUBLE_EQ(find(r, "L1", "current")->value, 10.5);
  EXPECT_DOUBLE_EQ(find(r, "L1", "power")->value, -10);
  EXPECT_DOUBLE_EQ(find(r, "total", "power")->value, 2400);
  EXPECT_DOUBLE_EQ(find(r, "total", "power_factor")->value, -0.95);
  EXPECT_DOUBLE_EQ(find(r, "total", "frequency")->value, 50);
  EXPECT_DOUBLE_EQ(find(r, "total", "energy_import")->value, 10000000);
  EXPECT_EQ(peer.function_codes(), (std::vector<int>{4}));  // one coalesced read
}

TEST_F(ModbusDeviceTest, ConfigErrorsNameFileLineAndKey) {
  auto error_of = [&](const std::string& yaml) {
    try {
      make(yaml);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("{profile: eastron-sdm630, transport: ascii, host: h}").find("site.yaml:1: devices[0].transport"),
            std::string::npos);
  EXPECT_NE(error_of("{profile: nope, host: h}").find("devices[0].profile: expected a shipped profile name"),
            std::string::npos);
  EXPECT_NE(error_of("{profile: eastron-sdm630, host: h, response_timeout_s: 5}").find("response_timeout_s"),
            std::string::npos);
  EXPECT_NE(error_of("{profile: eastron-sdm630, transport: rtu, device: /dev/x, unit: 0}").find("devices[0].unit"),
            std::string::npos);
}

}  // namespace
}  // namespace sitepower::test
