// How fast a held backlog goes from the SQLite outbox into a real broker, and
// what the outbox costs on disk. Fills an outbox with N messages as an outage
// would (fsync per message, as with outbox.sync: full), then lets the
// agent's MqttPublisher replay it into the broker while a subscriber counts
// what arrives. See BENCHMARKS.md for the command and results.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mqtt/async_client.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "mqtt_publisher.h"
#include "sqlite_outbox.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Args {
  std::string broker = "tcp://127.0.0.1:1883";
  std::uint64_t messages = 100000;
  std::size_t payload = 600;  // bytes: a telemetry message of a site with a few meters
  double backlog_share = 0.5;
  std::size_t window = 32;
  bool sync_full = true;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--broker") a.broker = v;
    else if (k == "--messages") a.messages = std::stoull(v);
    else if (k == "--payload") a.payload = std::stoul(v);
    else if (k == "--backlog-share") a.backlog_share = std::stod(v);
    else if (k == "--window") a.window = std::stoul(v);
    else if (k == "--sync") a.sync_full = v == "full";
  }
  return a;
}

// Counts what the broker delivers on the topic, on Paho's thread.
class Counter : public virtual mqtt::callback {
 public:
  explicit Counter(const std::string& broker) : client_(broker, "outbox-bench-sub", nullptr) {
    client_.set_callback(*this);
    client_.connect()->wait();
    client_.subscribe("bench/replay", 1)->wait();
  }
  ~Counter() override { client_.disconnect()->wait(); }
  void message_arrived(mqtt::const_message_ptr) override { ++count; }
  std::atomic<std::uint64_t> count{0};

 private:
  mqtt::async_client client_;
};

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const fs::path dir = fs::temp_directory_path() / ("outbox-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string path = (dir / "outbox.db").string();
  sitepower::SqliteOutbox outbox({path, 1ull << 40, args.sync_full});

  const std::string payload(args.payload, 'p');
  auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < args.messages; ++i) outbox.push("bench/replay", payload);
  const double fill_s = seconds_since(t0);
  std::uintmax_t disk = 0;
  for (const auto& f : fs::directory_iterator(dir)) disk += f.file_size();
  std::printf("held: %llu messages of %zu bytes; stored at %.0f messages/s (sync %s)\n",
              static_cast<unsigned long long>(args.messages), args.payload, args.messages / fill_s,
              args.sync_full ? "full" : "normal");
  std::printf("disk: %ju bytes (db + wal) = %.0f bytes per message, %.0f bytes of it overhead\n", disk,
              static_cast<double>(disk) / args.messages, static_cast<double>(disk) / args.messages - args.payload - 12);

  Counter counter(args.broker);
  boost::asio::io_context io;
  sitepower::PublisherSettings s;
  s.brokers = {args.broker};
  s.client_id = "outbox-bench";
  s.status_topic = "bench/status";
  s.backlog_share = args.backlog_share;
  s.max_in_flight = args.window;
  sitepower::MqttPublisher publisher(io.get_executor(), s, outbox);
  t0 = Clock::now();
  publisher.start();
  boost::asio::steady_timer poll(io);
  std::function<void()> check = [&] {
    poll.expires_after(std::chrono::milliseconds(5));
    poll.async_wait([&](const boost::system::error_code&) {
      if (outbox.depth() == 0 && counter.count >= args.messages) io.stop();
      else check();
    });
  };
  check();
  io.run();
  const double replay_s = seconds_since(t0);
  std::printf("replay: %llu messages in %.2f s = %.0f messages/s into %s (window %zu, backlog share %.2f), "
              "%llu delivered to the subscriber\n",
              static_cast<unsigned long long>(args.messages), replay_s, args.messages / replay_s, args.broker.c_str(),
              args.window, args.backlog_share, static_cast<unsigned long long>(counter.count.load()));
  fs::remove_all(dir);
  return 0;
}
