// Several meters behind one serial gateway: one connection, requests in turn,
// and a dead meter does not hold up the live one beyond its own short timeout.
#include "device_fixture.h"
#include "scheduler.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ModbusDeviceTest, DeadMeterBehindAGatewayDoesNotDelayTheOtherUnit) {
  auto& gateway = start_peer(Mode::RtuOverTcp, {{1, "eastron-sdm630.txt", "silent"}, {2, "schneider-pm5100.txt", ""}});
  const std::string line = "transport: rtu-over-tcp, " + where(gateway) + ", retries: 0, response_timeout_s: 0.05, ";
  auto device = [&](const std::string& id, const std::string& keys) {
    DeviceConfig d;
    d.id = id;
    d.driver = "modbus";
    d.interval = 200ms;
    d.timeout = 150ms;
    d.instance = make("{" + line + keys + "}", d.timeout);
    return d;
  };
  const std::vector<DeviceConfig> devices{device("dead", "unit: 1, profile: eastron-sdm630"),
                                          device("live", "unit: 2, profile: schneider-pm5100")};
  std::vector<PollResult> dead, live;
  std::vector<std::chrono::steady_clock::time_point> live_at;
  Scheduler scheduler(io_.get_executor(), [&](const DeviceConfig& d, const PollResult& r) {
    (d.id == "dead" ? dead : live).push_back(r);
    if (d.id == "live") live_at.push_back(std::chrono::steady_clock::now());
  });
  const auto start = std::chrono::steady_clock::now();
  scheduler.start(devices);
  while (live.size() < 6 && io_.run_one_for(5s)) {
  }
  scheduler.stop();

  ASSERT_EQ(live.size(), 6u);
  for (const auto& r : live) {
    ASSERT_EQ(r.error, "");  // never a scheduler timeout, although it queues behind the dead unit
    EXPECT_EQ(r.readings.front().quality, Quality::Good);
  }
  // Fixed-rate polling kept its pace: six polls in about 5 intervals.
  EXPECT_LT(live_at.back() - start, 1500ms);
  ASSERT_FALSE(dead.empty());
  EXPECT_NE(dead.front().error.find("no answer within 50 ms"), std::string::npos) << dead.front().error;
  // One connection for both units, and the gateway saw only reads.
  EXPECT_EQ(gateway.count("accepted connection"), 1u);
  EXPECT_EQ(gateway.count("closing connection"), 0u);
  for (int fc : gateway.function_codes()) EXPECT_TRUE(fc == 3 || fc == 4) << fc;
}

}  // namespace
}  // namespace sitepower::test
