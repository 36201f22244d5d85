// How long the event loop waits while the outbox stores cycles with
// `outbox.sync: full`. One Asio loop, as in the agent: a 1 ms probe timer
// measures how late it fires (the loop's latency), and a cycle timer pushes a
// telemetry-sized message into a real SqliteOutbox every interval and acks
// the one before (as a PUBACK would). The source compiles against the
// outbox of any commit, so the same bench measures before and after a change
// (see BENCHMARKS.md for the commands and figures).
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sqlite_outbox.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Args {
  double seconds = 30;
  int interval_ms = 100;
  std::size_t payload = 2618;  // bytes: the demo site's telemetry message
  std::string dir = fs::temp_directory_path().string();
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--seconds") a.seconds = std::stod(v);
    else if (k == "--interval-ms") a.interval_ms = std::stoi(v);
    else if (k == "--payload") a.payload = std::stoul(v);
    else if (k == "--dir") a.dir = v;
  }
  return a;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const fs::path dir = fs::path(args.dir) / ("outbox-latency-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    sitepower::SqliteOutbox outbox({(dir / "outbox.db").string(), 64ull << 20, true});
    boost::asio::io_context io;
    const std::string payload(args.payload, 'p');
    std::vector<double> late_ms, push_ms;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(args.seconds));

    boost::asio::steady_timer probe(io);
    std::function<void()> tick = [&] {
      probe.expires_after(std::chrono::milliseconds(1));
      probe.async_wait([&](const boost::system::error_code&) {
        late_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - probe.expiry()).count());
        if (Clock::now() < end) tick();
      });
    };
    boost::asio::steady_timer cycle(io);
    std::uint64_t last = 0;
    std::function<void()> store = [&] {
      cycle.expires_after(std::chrono::milliseconds(args.interval_ms));
      cycle.async_wait([&](const boost::system::error_code&) {
        const auto t0 = Clock::now();
        if (last) outbox.ack(last);
        last = outbox.push("bench/telemetry", payload);
        push_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (Clock::now() < end) store();
      });
    };
    tick();
    store();
    io.run();
    std::printf("sync full, %zu-byte messages every %d ms for %.0f s in %s: %zu cycles, %zu loop probes\n",
                args.payload, args.interval_ms, args.seconds, args.dir.c_str(), push_ms.size(), late_ms.size());
    std::printf("loop latency (1 ms probe lateness): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
                percentile(late_ms, 50), percentile(late_ms, 99), percentile(late_ms, 99.9),
                *std::max_element(late_ms.begin(), late_ms.end()));
    std::printf("push (ack + store) on the loop: p50 %.3f ms, p99 %.3f ms, max %.3f ms\n", percentile(push_ms, 50),
                percentile(push_ms, 99), *std::max_element(push_ms.begin(), push_ms.end()));
  }
  fs::remove_all(dir);
  return 0;
}
