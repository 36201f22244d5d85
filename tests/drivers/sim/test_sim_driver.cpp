// The sim driver behaves like a device: meters add up what they feed, bad
// answers are marked bad, a quiet device never answers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <cmath>

#include "section.h"
#include "sim/sim_driver.h"

namespace sitepower {
namespace {

std::shared_ptr<const DeviceSettings> settings(const std::string& id, const std::string& yaml) {
  Section s = load_yaml_text(yaml, "test.yaml", "devices[0]");
  return sim_driver_kind().read(s, DriverContext{id, ".", std::chrono::milliseconds(500), std::chrono::milliseconds(1000)});
}

std::unique_ptr<Driver> make(boost::asio::io_context& io, const std::string& id, const std::string& yaml) {
  return sim_driver_kind().build(*settings(id, yaml), io.get_executor());
}

PollResult poll(boost::asio::io_context& io, Driver& d) {
  PollResult out;
  bool done = false;
  d.poll([&](PollResult r) {
    out = std::move(r);
    done = true;
  });
  io.restart();
  while (!done && io.run_one()) {
  }
  EXPECT_TRUE(done);
  return out;
}

double power_of(const PollResult& r) {
  for (const auto& x : r.readings) {
    if (x.quantity == "power") return x.value;
  }
  return -1;
}

TEST(SimDriver, MeterReadsItsLoadsPlusItsOwn) {
  boost::asio::io_context io;
  auto a = make(io, "ta", "{power_kw: 2, latency_ms: 0}");
  auto b = make(io, "tb", "{power_kw: 3, latency_ms: 0}");
  auto m = make(io, "tm", "{power_kw: 0.5, meters: [ta, tb], latency_ms: 0}");
  EXPECT_DOUBLE_EQ(power_of(poll(io, *a)), 2000);
  EXPECT_DOUBLE_EQ(power_of(poll(io, *m)), 5500);
}

// Built past the config loader (which refuses loops): a meter loop, and a
// load reached twice, count each load once and never recurse without end.
TEST(SimDriver, MeterLoopCountsEachLoadOnce) {
  boost::asio::io_context io;
  auto a = make(io, "loop-a", "{power_kw: 2, meters: [loop-b], latency_ms: 0}");
  auto b = make(io, "loop-b", "{power_kw: 3, meters: [loop-a, loop-c], latency_ms: 0}");
  auto c = make(io, "loop-c", "{power_kw: 1, meters: [loop-c, loop-a], latency_ms: 0}");
  EXPECT_DOUBLE_EQ(power_of(poll(io, *a)), 6000);
  EXPECT_DOUBLE_EQ(power_of(poll(io, *c)), 6000);
}

// Known from the config alone: no executor, no driver.
TEST(SimDriver, NamesWhatItProducesAndMeters) {
  const auto m = settings("named", "{meters: [x, y]}");
  EXPECT_EQ(m->metered_devices(), (std::vector<std::string>{"x", "y"}));
  ASSERT_TRUE(m->channels().has_value());
  EXPECT_EQ(*m->channels(), (std::vector<ChannelQuantity>{{"total", "power"}, {"total", "voltage"}, {"total", "current"}}));
}

TEST(SimDriver, NoiseStaysWithinItsBand) {
  boost::asio::io_context io;
  auto a = make(io, "noisy", "{power_kw: 100, noise_pct: 2, latency_ms: 0}");
  bool varied = false;
  for (int i = 0; i < 50; ++i) {
    const double p = power_of(poll(io, *a));
    EXPECT_GE(p, 98000);
    EXPECT_LE(p, 102000);
    varied |= p != 100000;
  }
  EXPECT_TRUE(varied);
}

TEST(SimDriver, EveryNthAnswerIsBad) {
  boost::asio::io_context io;
  auto a = make(io, "flaky", "{power_kw: 1, bad_every: 3, latency_ms: 0}");
  for (int i = 1; i <= 6; ++i) {
    const PollResult r = poll(io, *a);
    const Reading& p = r.readings.front();
    if (i % 3 == 0) {
      EXPECT_EQ(p.quality, Quality::Bad);
      EXPECT_TRUE(std::isnan(p.value));
      EXPECT_EQ(p.error, "device returned a non-finite power value");
    } else {
      EXPECT_EQ(p.quality, Quality::Good);
    }
  }
}

TEST(SimDriver, QuietDeviceNeverAnswers) {
  boost::asio::io_context io;
  auto a = make(io, "quiet", "{power_kw: 1, quiet_after_s: 0}");
  bool answered = false;
  a->poll([&](PollResult) { answered = true; });
  io.run_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(answered);
}

TEST(SimDriver, CurtailmentRampsDown) {
  boost::asio::io_context io;
  auto a = make(io, "curt", "{power_kw: 1000, curtail: {after_s: 0, to_kw: 100, ramp_s: 0}, latency_ms: 0}");
  EXPECT_DOUBLE_EQ(power_of(poll(io, *a)), 100000);
}

}  // namespace
}  // namespace sitepower
