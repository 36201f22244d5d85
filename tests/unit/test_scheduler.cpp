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
  int polls = 0, cancels = 0, outstanding = 0, max_outstanding = 0;

 private:
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds delay_;
};

PolledDevice device(const std::string& id, std::shared_ptr<Driver> d, std::chrono::milliseconds interval,
                    std::chrono::milliseconds timeout) {
  DeviceConfig c;
  c.id = id;
  c.driver = "timed";
  c.interval = interval;
  c.timeout = timeout;
  return {c, std::move(d)};
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
  // dead: polls at 0 and (demoted, first probe after two intervals) 400 ms,
  // timeouts at 150 and 550 ms; meanwhile fast
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

// A device on a shared line: its poll waits `wait` for the line, then takes
// `service`; it fails its first `failures` polls (no answer), then answers.
class QueuedDriver : public Driver {
 public:
  QueuedDriver(boost::asio::io_context& io, std::chrono::milliseconds wait, std::chrono::milliseconds service,
               int failures)
      : timer_(io), wait_(wait), service_(service), failures_(failures) {}
  void poll(PollCallback done) override { poll_queued(std::move(done), [] {}); }
  void poll_queued(PollCallback done, std::function<void()> started) override {
    polls.push_back(std::chrono::steady_clock::now());
    timer_.expires_after(wait_);
    timer_.async_wait([this, done, started](const boost::system::error_code& ec) {
      if (ec) return;
      started();
      timer_.expires_after(service_);
      timer_.async_wait([this, done](const boost::system::error_code& ec2) {
        if (ec2) return;
        if (static_cast<int>(polls.size()) <= failures_) return done(PollResult{{}, "no answer"});
        done(PollResult{{Reading{"total", "power", 1, "W", Quality::Good, ""}}, ""});
      });
    });
  }
  void cancel() override { timer_.cancel(); }
  void set_demoted(bool d) override { demotions.push_back(d); }
  std::vector<std::chrono::steady_clock::time_point> polls;
  std::vector<bool> demotions;

 private:
  boost::asio::steady_timer timer_;
  std::chrono::milliseconds wait_, service_;
  int failures_;
};

TEST(Scheduler, TimeoutCountsFromWhenThePollGetsItsLine) {
  boost::asio::io_context io;
  // Waits 300 ms behind dead neighbours, then answers in 100 ms: well inside
  // its 200 ms timeout once it has the line, although 400 ms after the tick.
  auto meter = std::make_shared<QueuedDriver>(io, 300ms, 100ms, 0);
  Log log;
  Scheduler s(io.get_executor(), [&](const DeviceConfig& d, const PollResult& r) { log.results.emplace_back(d.id, r.error); });
  s.start({device("meter", meter, 1000ms, 200ms)});
  run_until(io, [&] { return log.count("meter") == 1; });
  s.stop();
  ASSERT_EQ(log.results.size(), 1u);
  EXPECT_EQ(log.results[0].second, "");
}

TEST(Scheduler, AFailingDeviceIsProbedWithBackoffAndPromotedWhenItAnswers) {
  boost::asio::io_context io;
  auto meter = std::make_shared<QueuedDriver>(io, 0ms, 5ms, 5);  // dead for 5 polls, then back
  PolledDevice c = device("meter", meter, 50ms, 40ms);
  c.config.probe_interval = 300ms;
  std::vector<PollHealth> seen;
  Scheduler s(io.get_executor(), [&](const DeviceConfig& d, const PollResult&) { seen.push_back(s.health(d.id)); });
  s.start({c});
  run_until(io, [&] { return seen.size() == 7; });
  s.stop();
  ASSERT_EQ(seen.size(), 7u);
  // Probes after 2, 4 intervals, then capped by the probe interval: gaps of
  // 100, 200, 300, 300, 300 ms (each on a tick), then one interval once
  // promoted. A loaded box runs a tick late now and then, hence the margin;
  // readings_lost below pins the exact schedule.
  const std::vector<std::chrono::milliseconds> want{100ms, 200ms, 300ms, 300ms, 300ms, 50ms};
  ASSERT_EQ(meter->polls.size(), want.size() + 1);
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(meter->polls[i + 1] - meter->polls[i]);
    EXPECT_GT(gap, want[i] - 40ms) << "gap " << i;
    EXPECT_LT(gap, want[i] + 40ms) << "gap " << i;
  }
  EXPECT_EQ(seen[0].failed_polls, 1u);
  EXPECT_TRUE(seen[0].demoted);
  EXPECT_EQ(seen[0].next_probe_in, 100ms);
  EXPECT_EQ(seen[4].failed_polls, 5u);
  EXPECT_EQ(seen[4].next_probe_in, 300ms);
  // Five failed polls and the 1 + 3 + 5 + 5 ticks skipped between them.
  EXPECT_EQ(seen[4].readings_lost, 19u);
  EXPECT_EQ(seen[5].failed_polls, 0u);
  EXPECT_FALSE(seen[5].demoted);
  EXPECT_EQ(seen[5].readings_lost, 24u);  // and 5 more before the good probe; kept for the log line
  EXPECT_EQ(meter->demotions, (std::vector<bool>{false, true, false}));  // reset at start, demoted, promoted
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
