#include "scheduler.h"

#include <algorithm>

#include "backoff.h"

namespace sitepower {
namespace {

// A poll that has not started on its line after this many intervals fails:
// the line cannot serve the device (its per-cycle time is logged at start).
constexpr int kMaxWaitIntervals = 3;

std::chrono::milliseconds max_wait(const DeviceConfig& d) { return std::max(d.timeout, kMaxWaitIntervals * d.interval); }

}  // namespace

struct Scheduler::Slot {
  Slot(boost::asio::any_io_executor ex, const PolledDevice& d)
      : device(d.config), driver(d.driver), interval(ex), deadline(ex),
        probe_backoff(2 * device.interval, std::max(device.probe_interval, device.interval)) {}
  DeviceConfig device;
  std::shared_ptr<Driver> driver;
  boost::asio::steady_timer interval;
  boost::asio::steady_timer deadline;
  bool in_flight = false;
  bool stopped = false;
  unsigned long generation = 0;  // tells a late answer from the current poll's
  std::chrono::steady_clock::time_point poll_due{};    // the tick the current or last poll is for
  std::chrono::steady_clock::time_point next_probe{};  // demoted: no poll on a tick before this
  PollHealth health;
  Backoff probe_backoff;  // demoted: the wait from one probe to the next
};

Scheduler::Scheduler(boost::asio::any_io_executor executor, Sink sink)
    : executor_(std::move(executor)), sink_(std::move(sink)) {}

Scheduler::~Scheduler() { stop(); }

std::chrono::milliseconds Scheduler::max_poll_gap(const DeviceConfig& device) {
  return std::max(device.probe_interval, device.interval) + device.interval + max_wait(device) + device.timeout;
}

PollHealth Scheduler::health(const std::string& device_id) const {
  for (const auto& s : slots_) {
    if (s->device.id == device_id) return s->health;
  }
  return {};
}

void Scheduler::start(const std::vector<PolledDevice>& devices) {
  stop();
  for (const auto& d : devices) {
    auto slot = std::make_shared<Slot>(executor_, d);
    slots_.push_back(slot);
    slot->driver->set_demoted(false);  // a reload starts every device afresh
    slot->interval.expires_after(std::chrono::milliseconds(0));
    tick(slot);
  }
}

void Scheduler::tick(const std::shared_ptr<Slot>& slot) {
  slot->interval.async_wait([this, slot](const boost::system::error_code& ec) {
    if (ec || slot->stopped) return;
    const auto due = slot->interval.expiry();
    // Fixed-rate: the next tick is due one interval after this one was due,
    // not after the poll finished, so polling does not drift.
    slot->interval.expires_at(due + slot->device.interval);
    if (slot->interval.expiry() < std::chrono::steady_clock::now()) {
      slot->interval.expires_after(slot->device.interval);  // we fell behind (e.g. suspend): resync
    }
    const bool failing = slot->health.failed_polls > 0;
    if (slot->in_flight) {
      ++skipped_;
      if (failing) ++slot->health.readings_lost;
    } else if (slot->health.demoted && due < slot->next_probe) {
      ++slot->health.readings_lost;  // not probed this tick: its line serves the healthy
    } else {
      slot->poll_due = due;
      begin_poll(slot, nullptr);
    }
    tick(slot);
  });
}

void Scheduler::count(Slot& slot, const PollResult& result) {
  PollHealth& h = slot.health;
  if (result.error.empty()) {
    h.failed_polls = 0;
    if (h.demoted) {
      h.demoted = false;
      slot.probe_backoff.reset();
      slot.driver->set_demoted(false);
    }
    return;
  }
  if (h.failed_polls++ == 0) {
    h.failing_since = slot.poll_due;
    h.readings_lost = 0;
  }
  ++h.readings_lost;
  if (!h.demoted) {
    h.demoted = true;
    slot.driver->set_demoted(true);
  }
  h.next_probe_in = slot.probe_backoff.next();
  slot.next_probe = slot.poll_due + h.next_probe_in;
}

void Scheduler::begin_poll(const std::shared_ptr<Slot>& slot, std::function<void()> after) {
  slot->in_flight = true;
  const unsigned long gen = ++slot->generation;
  auto finish = [this, slot, gen, after](const PollResult& result) {
    if (slot->stopped || gen != slot->generation || !slot->in_flight) return;
    slot->in_flight = false;
    slot->deadline.cancel();
    count(*slot, result);
    sink_(slot->device, result);
    if (after) after();
  };
  auto expire_after = [slot, gen, finish](std::chrono::milliseconds limit, std::string why) {
    slot->deadline.expires_after(limit);
    slot->deadline.async_wait([slot, gen, finish, why](const boost::system::error_code& ec) {
      if (ec || gen != slot->generation || !slot->in_flight) return;
      slot->driver->cancel();
      finish(PollResult{{}, why});
    });
  };
  const auto wait = max_wait(slot->device);
  expire_after(wait, "waited " + std::to_string(wait.count()) + " ms for its turn on the line");
  const auto timeout = slot->device.timeout;
  slot->driver->poll_queued([finish](PollResult r) { finish(r); },
                                     [slot, gen, expire_after, timeout] {
                                       if (gen != slot->generation || !slot->in_flight) return;
                                       expire_after(timeout, "timeout after " + std::to_string(timeout.count()) + " ms");
                                     });
}

void Scheduler::poll_once(const std::vector<PolledDevice>& devices, std::function<void()> all_done) {
  stop();
  auto remaining = std::make_shared<std::size_t>(devices.size());
  if (devices.empty()) {
    all_done();
    return;
  }
  for (const auto& d : devices) {
    auto slot = std::make_shared<Slot>(executor_, d);
    slots_.push_back(slot);
    slot->poll_due = std::chrono::steady_clock::now();
    begin_poll(slot, [remaining, all_done] {
      if (--*remaining == 0) all_done();
    });
  }
}

void Scheduler::stop() {
  for (auto& s : slots_) {
    s->stopped = true;
    s->interval.cancel();
    s->deadline.cancel();
    if (s->in_flight) s->driver->cancel();
  }
  slots_.clear();
}

}  // namespace sitepower
