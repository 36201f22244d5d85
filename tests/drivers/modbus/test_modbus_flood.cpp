// A peer that streams bytes without end must not hold the agent's single
// event loop: healthy meters on other lines stay good every cycle and the
// loop keeps answering its timers within 50 ms.
#include "device_fixture.h"
#include "scheduler.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_F(ModbusDeviceTest, APeerThatFloodsDoesNotStallTheLoopOrTheHealthyMeters) {
  auto& flooder = start_peer(Mode::RtuOverTcp, {{1, "eastron-sdm630.txt", "flood"}});
  auto& healthy = start_peer(Mode::Tcp, {{1, "eastron-sdm630.txt", ""}});
  auto device = [&](const std::string& id, const std::string& keys) {
    DeviceConfig d;
    d.id = id;
    d.driver = "modbus";
    d.interval = 200ms;
    d.timeout = 160ms;
    return PolledDevice{d, make("{profile: eastron-sdm630, " + keys + "}", d.timeout)};
  };
  const std::vector<PolledDevice> devices{device("flood", "transport: rtu-over-tcp, " + where(flooder)),
                                          device("meter", where(healthy))};
  int meter_polls = 0, meter_good = 0, flood_polls = 0;
  Scheduler scheduler(io_.get_executor(), [&](const DeviceConfig& d, const PollResult& r) {
    if (d.id == "flood") {
      ++flood_polls;
      return;
    }
    ++meter_polls;
    const Reading* power = find(r, "total", "power");
    meter_good += r.error.empty() && power && power->quality == Quality::Good;
  });
  // A 10 ms timer: how late it fires is how long the loop was held.
  boost::asio::steady_timer probe(io_);
  Clock::duration worst{};
  std::function<void()> arm = [&] {
    probe.expires_after(10ms);
    probe.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      worst = std::max(worst, Clock::now() - probe.expiry());
      arm();
    });
  };
  arm();
  scheduler.start(devices);
  io_.run_for(5s);
  scheduler.stop();
  probe.cancel();

  EXPECT_GE(flood_polls, 1);  // the flooder was polled (and flooded) meanwhile
  EXPECT_GE(flooder.count("request unit 1 "), 1u);
  EXPECT_GE(meter_polls, 20);
  EXPECT_EQ(meter_good, meter_polls);
  EXPECT_LT(worst, 50ms) << std::chrono::duration_cast<std::chrono::milliseconds>(worst).count() << " ms";
}

}  // namespace
}  // namespace sitepower::test
