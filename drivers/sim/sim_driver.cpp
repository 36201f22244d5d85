#include "sim_driver.h"

#include <boost/asio/steady_timer.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <thread>

#include "section.h"
#include "sim_load.h"

namespace sitepower {
namespace {

// The process start is the sim's time zero, so that a reload keeps the
// scenario's timeline (a curtailment at 30 s happens 30 s after start).
const sim::Clock::time_point kEpoch = sim::Clock::now();

class SimDriver : public Driver {
 public:
  SimDriver(const DriverContext& ctx, sim::LoadProfile profile)
      : timer_(ctx.executor), load_(std::make_shared<sim::SimLoad>(ctx.device_id, std::move(profile), kEpoch)) {
    sim::SimLoad::publish(load_);
  }
  ~SimDriver() override { sim::SimLoad::withdraw(load_.get()); }

  void poll(PollCallback done) override {
    const auto& p = load_->profile();
    if (p.block_loop_after_s && !blocked_loop_ &&
        load_->seconds_since_start(sim::Clock::now()) > *p.block_loop_after_s) {
      blocked_loop_ = true;
      std::this_thread::sleep_for(std::chrono::duration<double>(p.block_loop_for_s));  // the simulated bug itself
    }
    if (p.quiet_after_s && load_->seconds_since_start(sim::Clock::now()) > *p.quiet_after_s) {
      return;  // like a device that stopped answering: the scheduler's timeout fires
    }
    timer_.expires_after(std::chrono::microseconds(static_cast<long long>(p.latency_ms * 1000)));
    timer_.async_wait([this, done = std::move(done)](const boost::system::error_code& ec) {
      if (ec) return;  // cancelled by a timeout or shutdown
      done(answer());
    });
  }

  void cancel() override { timer_.cancel(); }

  std::optional<std::vector<ChannelQuantity>> channels() const override {
    return std::vector<ChannelQuantity>{{"total", "power"}, {"total", "voltage"}, {"total", "current"}};
  }

  std::vector<std::string> metered_devices() const override { return load_->profile().meters; }

  std::string describe() const override {
    std::ostringstream o;
    o << "sim load " << load_->profile().power_w / 1000 << " kW";
    if (!load_->profile().meters.empty()) o << " metering " << load_->profile().meters.size() << " loads";
    return o.str();
  }

 private:
  PollResult answer() {
    const auto& p = load_->profile();
    PollResult r;
    double w = load_->measured_power_w(sim::Clock::now());
    ++polls_;
    Reading power{"total", "power", w, "W", Quality::Good, ""};
    if (p.bad_every != 0 && polls_ % p.bad_every == 0) {
      power.value = std::numeric_limits<double>::quiet_NaN();
    }
    if (!std::isfinite(power.value)) {
      power.quality = Quality::Bad;
      power.error = "device returned a non-finite power value";
    }
    r.readings.push_back(power);
    r.readings.push_back({"total", "voltage", p.voltage_v, "V", Quality::Good, ""});
    r.readings.push_back({"total", "current", std::isfinite(w) ? w / (3 * p.voltage_v) : 0, "A",
                          power.quality, power.error});
    return r;
  }

  boost::asio::steady_timer timer_;
  std::shared_ptr<sim::SimLoad> load_;
  unsigned long polls_ = 0;
  bool blocked_loop_ = false;
};

}  // namespace

std::unique_ptr<Driver> make_sim_driver(Section& cfg, const DriverContext& ctx) {
  sim::LoadProfile p;
  p.power_w = cfg.get_number("power_kw", 0, -1e6, 1e6) * 1000;
  p.swing_w = cfg.get_number("swing_kw", 0, 0, 1e6) * 1000;
  p.swing_period_s = cfg.get_number("swing_period_s", 60, 1, 86400);
  p.noise_pct = cfg.get_number("noise_pct", 0, 0, 50);
  if (auto c = cfg.optional_section("curtail")) {
    p.curtail_after_s = c->require_number("after_s", 0, 1e9);
    p.curtail_to_w = c->require_number("to_kw", 0, 1e6) * 1000;
    p.curtail_ramp_s = c->get_number("ramp_s", 10, 0, 3600);
    c->finish();
  }
  if (cfg.has("quiet_after_s")) p.quiet_after_s = cfg.get_number("quiet_after_s", 0, 0, 1e9);
  p.bad_every = static_cast<unsigned>(cfg.get_int("bad_every", 0, 0, 1000000));
  if (auto b = cfg.optional_section("block_loop")) {
    p.block_loop_after_s = b->require_number("after_s", 0, 1e9);
    p.block_loop_for_s = b->require_number("for_s", 0, 3600);
    b->finish();
  }
  p.latency_ms = cfg.get_number("latency_ms", 5, 0, 60000);
  p.voltage_v = cfg.get_number("voltage_v", 230, 0, 100000);
  p.meters = cfg.get_string_list("meters");
  return std::make_unique<SimDriver>(ctx, std::move(p));
}

}  // namespace sitepower
