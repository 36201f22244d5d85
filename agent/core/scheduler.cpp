#include "scheduler.h"

namespace sitepower {

struct Scheduler::Slot {
  Slot(boost::asio::any_io_executor ex, DeviceConfig d) : device(std::move(d)), interval(ex), deadline(ex) {}
  DeviceConfig device;
  boost::asio::steady_timer interval;
  boost::asio::steady_timer deadline;
  bool in_flight = false;
  bool stopped = false;
  unsigned long generation = 0;  // tells a late answer from the current poll's
};

Scheduler::Scheduler(boost::asio::any_io_executor executor, Sink sink)
    : executor_(std::move(executor)), sink_(std::move(sink)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start(const std::vector<DeviceConfig>& devices) {
  stop();
  for (const auto& d : devices) {
    auto slot = std::make_shared<Slot>(executor_, d);
    slots_.push_back(slot);
    slot->interval.expires_after(std::chrono::milliseconds(0));
    tick(slot);
  }
}

void Scheduler::tick(const std::shared_ptr<Slot>& slot) {
  slot->interval.async_wait([this, slot](const boost::system::error_code& ec) {
    if (ec || slot->stopped) return;
    // Fixed-rate: the next tick is due one interval after this one was due,
    // not after the poll finished, so polling does not drift.
    slot->interval.expires_at(slot->interval.expiry() + slot->device.interval);
    if (slot->interval.expiry() < std::chrono::steady_clock::now()) {
      slot->interval.expires_after(slot->device.interval);  // we fell behind (e.g. suspend): resync
    }
    if (slot->in_flight) {
      ++skipped_;
    } else {
      begin_poll(slot, nullptr);
    }
    tick(slot);
  });
}

void Scheduler::begin_poll(const std::shared_ptr<Slot>& slot, std::function<void()> after) {
  slot->in_flight = true;
  const unsigned long gen = ++slot->generation;
  auto finish = [this, slot, gen, after](const PollResult& result) {
    if (slot->stopped || gen != slot->generation || !slot->in_flight) return;
    slot->in_flight = false;
    slot->deadline.cancel();
    sink_(slot->device, result);
    if (after) after();
  };
  slot->deadline.expires_after(slot->device.timeout);
  slot->deadline.async_wait([slot, gen, finish](const boost::system::error_code& ec) {
    if (ec || gen != slot->generation || !slot->in_flight) return;
    slot->device.instance->cancel();
    finish(PollResult{{}, "timeout after " + std::to_string(slot->device.timeout.count()) + " ms"});
  });
  slot->device.instance->poll([finish](PollResult r) { finish(r); });
}

void Scheduler::poll_once(const std::vector<DeviceConfig>& devices, std::function<void()> all_done) {
  stop();
  auto remaining = std::make_shared<std::size_t>(devices.size());
  if (devices.empty()) {
    all_done();
    return;
  }
  for (const auto& d : devices) {
    auto slot = std::make_shared<Slot>(executor_, d);
    slots_.push_back(slot);
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
    if (s->in_flight) s->device.instance->cancel();
  }
  slots_.clear();
}

}  // namespace sitepower
