// The scheduler: each device at its own interval, bounded by its own timeout;
// a dead device never delays another.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "scheduler.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;

// A device that answers after `delay`, or never when delay is negative.
class TimedDriver : public Driver {
 public:
  TimedDriver(boost::asio::io_context& io, std::chrono::milliseconds delay) : timer_(io), delay_(delay) {}
  void poll(PollCallback done) override {
    ++polls;
    max_outstanding = std::max(max_outstanding, ++outstanding);
    if (delay_ < 0ms) return;
    timer_.expires_after(delay_);
    timer_.async_wait([this, done](const boost::system::error_code& ec) {
      if (ec) return;
      --outstanding;
      done(PollResult{{Reading{"total", "power", 1, "W", Quality::Good, ""}}, ""});
    });
  }
  void cancel() override {
    ++cancels;
    outstanding = 0;
    timer_.cancel();
  }
  std::string describe() const override { return "timed"; }
  int polls = 0, cancels = 0, outstanding = 0, max_outstanding = 0;

 private:
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds delay_;
};

DeviceConfig device(const std::string& id, std::shared_ptr<Driver> d, std::chrono::milliseconds interval,
                    std::chrono::milliseconds timeout) {
  DeviceConfig c;
  c.id = id;
  c.driver = "timed";
  c.interval = interval;
  c.timeout = timeout;
  c.instance = std::move(d);
  return c;
}

// Runs the loop until `done()` or 10 s: the tests wait for the events they
// count, not for a wall-clock window, so a loaded machine (or qemu) only
// makes them slower.
template <class Pred>
void run_until(boost::asio::io_context& io, Pred done) {
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < end) io.run_one_for(50ms);
}

struct Log {
  std::vector<std::pair<std::string, std::string>> results;  // device, error
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> times;
  int count(const std::string& dev) const {
    int n = 0;
    for (const auto& r : results) n += r.first == dev;
    return n;
  }
};

TEST(Scheduler, DeadDeviceTimesOutWithoutDelayingOthers) {
  boost::asio::io_context io;
  auto fast = std::make_shared<TimedDriver>(io, 5ms);
  auto dead = std::make_shared<TimedDriver>(io, -1ms);
  Log log;
  Scheduler s(io.get_executor(), [&](const DeviceConfig& d, const PollResult& r) {
    log.results.emplace_back(d.id, r.error);
    log.times.emplace_back(d.id, std::chrono::steady_clock::now());
  });
  s.start({device("fast", fast, 50ms, 40ms), device("dead", dead, 200ms, 150ms)});
  run_until(io, [&] { return log.count("dead") == 2; });
  s.stop();
  // dead: polls at 0 and 200 ms, timeouts at 150 and 350 ms; meanwhile fast
  // ticked every 50 ms and answered each time.
  EXPECT_EQ(log.count("dead"), 2);
  EXPECT_EQ(dead->cancels, 2);
  EXPECT_GE(log.count("fast"), 4);
  for (const auto& [dev, err] : log.results) {
    EXPECT_EQ(err, dev == "fast" ? "" : "timeout after 150 ms") << dev;
  }
  // The first fast answers came before the dead device's first timeout.
  ASSERT_GE(log.times.size(), 3u);
  EXPECT_EQ(log.times[0].first, "fast");
  EXPECT_EQ(log.times[1].first, "fast");
}

TEST(Scheduler, SlowPollIsNotDoubledUp) {
  boost::asio::io_context io;
  auto slow = std::make_shared<TimedDriver>(io, 70ms);  // slower than its interval
  Log log;
  Scheduler s(io.get_executor(), [&](const DeviceConfig& d, const PollResult& r) { log.results.emplace_back(d.id, r.error); });
  s.start({device("slow", slow, 50ms, 50ms)});
  run_until(io, [&] { return log.count("slow") >= 4; });
  s.stop();
  EXPECT_EQ(slow->max_outstanding, 1);  // never two polls on one device at once
  EXPECT_GE(log.count("slow"), 4);
  for (const auto& r : log.results) EXPECT_EQ(r.second, "timeout after 50 ms");
}

TEST(Scheduler, PollOnceWaitsForEveryDevice) {
  boost::asio::io_context io;
  auto a = std::make_shared<TimedDriver>(io, 10ms);
  auto dead = std::make_shared<TimedDriver>(io, -1ms);
  Log log;
  bool done = false;
  Scheduler s(io.get_executor(), [&](const DeviceConfig& d, const PollResult& r) { log.results.emplace_back(d.id, r.error); });
  s.poll_once({device("a", a, 1000ms, 100ms), device("dead", dead, 1000ms, 60ms)}, [&] { done = true; });
  while (!done && io.run_one()) {
  }
  EXPECT_TRUE(done);
  ASSERT_EQ(log.results.size(), 2u);
  EXPECT_EQ(log.results[0], std::make_pair(std::string("a"), std::string("")));
  EXPECT_EQ(log.results[1], std::make_pair(std::string("dead"), std::string("timeout after 60 ms")));
}

TEST(Scheduler, StopCancelsInFlightPolls) {
  boost::asio::io_context io;
  auto dead = std::make_shared<TimedDriver>(io, -1ms);
  int results = 0;
  Scheduler s(io.get_executor(), [&](const DeviceConfig&, const PollResult&) { ++results; });
  s.start({device("dead", dead, 100ms, 80ms)});
  run_until(io, [&] { return dead->polls == 1; });
  s.stop();
  io.run_for(150ms);  // past the 80 ms timeout: a result would have come by now
  EXPECT_EQ(results, 0);
  EXPECT_EQ(dead->cancels, 1);
}

}  // namespace
}  // namespace sitepower
