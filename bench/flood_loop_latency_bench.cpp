// Event-loop latency while a Modbus peer floods its connection with bytes
// that never end, beside a healthy meter on another connection, both polled
// by the real scheduler and modbus driver every 200 ms. A 10 ms timer on the
// same loop measures how late it fires (p50, p99, max), and the healthy
// meter's good polls are counted.
// Run (two modbus-peer processes from tests/drivers/modbus/peer, see BENCHMARKS.md):
//   flood_loop_latency_bench --flood-port P --meter-port Q [--seconds 20]

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "modbus/modbus_driver.h"
#include "scheduler.h"
#include "section.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

sitepower::PolledDevice device(boost::asio::io_context& io, const std::string& id, const std::string& keys) {
  sitepower::DeviceConfig d;
  d.id = id;
  d.driver = "modbus";
  d.interval = 200ms;
  d.timeout = 160ms;
  sitepower::Section s = sitepower::load_yaml_text("{profile: eastron-sdm630, host: 127.0.0.1, " + keys + "}", "bench.yaml", "devices[0]");
  const sitepower::DriverKind kind = sitepower::modbus_driver_kind();
  d.settings = kind.read(s, sitepower::DriverContext{id, ".", d.timeout, d.interval});
  return {d, kind.build(*d.settings, io.get_executor())};
}

}  // namespace

int main(int argc, char** argv) {
  std::string flood_port, meter_port;
  int seconds = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--flood-port") flood_port = argv[i + 1];
    if (key == "--meter-port") meter_port = argv[i + 1];
    if (key == "--seconds") seconds = std::stoi(argv[i + 1]);
  }
  if (flood_port.empty() || meter_port.empty()) {
    std::fprintf(stderr, "usage: flood_loop_latency_bench --flood-port P --meter-port Q [--seconds N]\n");
    return 2;
  }
  boost::asio::io_context io;
  const std::vector<sitepower::PolledDevice> devices{
      device(io, "flood", "transport: rtu-over-tcp, port: " + flood_port), device(io, "meter", "port: " + meter_port)};
  int meter_polls = 0, meter_good = 0;
  sitepower::Scheduler scheduler(io.get_executor(), [&](const sitepower::DeviceConfig& d, const sitepower::PollResult& r) {
    if (d.id != "meter") return;
    ++meter_polls;
    meter_good += r.error.empty();
  });
  boost::asio::steady_timer probe(io);
  std::vector<double> late_ms;
  std::function<void()> arm = [&] {
    probe.expires_after(10ms);
    probe.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      late_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - probe.expiry()).count());
      arm();
    });
  };
  arm();
  scheduler.start(devices);
  io.run_for(std::chrono::seconds(seconds));
  scheduler.stop();
  std::sort(late_ms.begin(), late_ms.end());
  auto at = [&](double q) { return late_ms.empty() ? 0 : late_ms[static_cast<std::size_t>(q * (late_ms.size() - 1))]; };
  std::printf("%d s, %zu timer samples: loop latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; healthy meter good %d/%d polls\n",
              seconds, late_ms.size(), at(0.5), at(0.99), at(1.0), meter_good, meter_polls);
}
