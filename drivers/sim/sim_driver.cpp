#include "sim_driver.h"

#include <boost/asio/steady_timer.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <thread>

#include "sim_load.h"

namespace sitepower {
namespace {

// The process start is the sim's time zero, so that a reload keeps the
// scenario's timeline (a curtailment at 30 s happens 30 s after start).
const sim::Clock::time_point kEpoch = sim::Clock::now();

const OptionTable kCurtail{
    "sim.curtail",
    "a curtailment: from after_s, ramp to to_kw over ramp_s",
    {
        Option::number("after_s", 0, 1e9).require().help("seconds after the agent's start the ramp begins"),
        Option::number("to_kw", 0, 1e6).require().help("power at the end of the ramp"),
        Option::number("ramp_s", 0, 3600).def(10.0).help("length of the ramp"),
    }};

const OptionTable kBlockLoop{
    "sim.block_loop",
    "a simulated driver bug, for the watchdog test",
    {
        Option::number("after_s", 0, 1e9).require().help("the first poll after this many seconds blocks the event loop"),
        Option::number("for_s", 0, 3600).require().help("how long it blocks"),
    }};

const OptionTable kOptions{
    "sim",
    "a simulated device that behaves like a real one (noise, swings, curtailment, latency, bad answers)",
    {
        Option::number("power_kw", -1e6, 1e6).def(0.0).help("steady power of the device's own load"),
        Option::number("swing_kw", 0, 1e6).def(0.0).help("amplitude of a slow sine on top (training jobs, fans)"),
        Option::number("swing_period_s", 1, 86400).def(60.0).help("period of the swing"),
        Option::number("noise_pct", 0, 50).def(0.0).help("measurement noise, ± percent of the value (uniform)"),
        Option::mapping("curtail", &kCurtail).help("a curtailment ramp (keys below)"),
        Option::number("quiet_after_s", 0, 1e9).help("after this many seconds the device stops answering (polls time out)"),
        Option::integer("bad_every", 0, 1000000).def(0.0).help("every Nth answer carries a NaN power value (reported bad); 0: none"),
        Option::mapping("block_loop", &kBlockLoop).help("blocks the agent's event loop once (keys below; tests only)"),
        Option::number("latency_ms", 0, 60000).def(5.0).help("answer delay"),
        Option::number("voltage_v", 0, 100000).def(230.0).help("reported voltage"),
        Option::string_list("meters").help("ids of sim devices this one meters: each metered by one device only, no loops"),
    }};

struct SimSettings : DeviceSettings {
  std::string device_id;
  sim::LoadProfile profile;

  std::string describe() const override {
    std::ostringstream o;
    o << "sim load " << profile.power_w / 1000 << " kW";
    if (!profile.meters.empty()) o << " metering " << profile.meters.size() << " loads";
    return o.str();
  }
  std::optional<std::vector<ChannelQuantity>> channels() const override {
    return std::vector<ChannelQuantity>{{"total", "power"}, {"total", "voltage"}, {"total", "current"}};
  }
  std::vector<std::string> metered_devices() const override { return profile.meters; }
};

class SimDriver : public Driver {
 public:
  SimDriver(const boost::asio::any_io_executor& executor, const SimSettings& s)
      : timer_(executor), load_(std::make_shared<sim::SimLoad>(s.device_id, s.profile, kEpoch)) {
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

std::shared_ptr<const SimSettings> parse(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<SimSettings>();
  s->device_id = ctx.device_id;
  sim::LoadProfile& p = s->profile;
  p.power_w = v.number("power_kw") * 1000;
  p.swing_w = v.number("swing_kw") * 1000;
  p.swing_period_s = v.number("swing_period_s");
  p.noise_pct = v.number("noise_pct");
  if (const OptionValues* c = v.values("curtail")) {
    p.curtail_after_s = c->number("after_s");
    p.curtail_to_w = c->number("to_kw") * 1000;
    p.curtail_ramp_s = c->number("ramp_s");
  }
  if (v.has("quiet_after_s")) p.quiet_after_s = v.number("quiet_after_s");
  p.bad_every = static_cast<unsigned>(v.integer("bad_every"));
  if (const OptionValues* b = v.values("block_loop")) {
    p.block_loop_after_s = b->number("after_s");
    p.block_loop_for_s = b->number("for_s");
  }
  p.latency_ms = v.number("latency_ms");
  p.voltage_v = v.number("voltage_v");
  p.meters = v.string_list("meters");
  return s;
}

std::unique_ptr<Driver> build(const SimSettings& s, const boost::asio::any_io_executor& executor) {
  return std::make_unique<SimDriver>(executor, s);
}

}  // namespace

DriverKind sim_driver_kind() { return DriverKind::of<SimSettings>(kOptions, parse, build); }

}  // namespace sitepower
