#include "modbus_device.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "backoff.h"
#include "request_trace.h"

namespace sitepower::modbus {

ModbusDevice::ModbusDevice(boost::asio::any_io_executor ex, ModbusSettings settings)
    : settings_(std::move(settings)), line_(Line::shared(ex, settings_.line)), retry_timer_(ex), plan_(settings_.plan) {
  if (!plan_) return;  // SunSpec: the requests are known after the scan; not estimated
  std::vector<ReadRequest> poll;
  for (const Block& b : plan_->blocks()) poll.push_back({settings_.unit, b.table, b.address, b.count});
  if (const auto t = line_->bus_time(poll)) line_->add_load(this, *t, settings_.interval);
}

ModbusDevice::~ModbusDevice() {
  line_->withdraw(this);
  line_->remove_load(this);
}

std::string ModbusSettings::describe() const {
  const std::string requests =
      plan ? fmt::format("{} requests per poll", plan->blocks().size()) : std::string("SunSpec model found at first poll");
  return fmt::format("modbus {} unit {}: {}, {}", line.name(), unit, profile.name, requests);
}

// Fixed and SunSpec profiles alike list their points: the readings are known before any poll.
std::optional<std::vector<ChannelQuantity>> ModbusSettings::channels() const {
  std::vector<ChannelQuantity> out;
  for (const Point& p : profile.points) out.push_back({p.channel, p.quantity});
  return out;
}

void ModbusDevice::poll(PollCallback done) {
  poll_queued(std::move(done), nullptr);
}

void ModbusDevice::poll_queued(PollCallback done, std::function<void()> started) {
  ++poll_id_;
  done_ = std::move(done);
  started_ = std::move(started);
  if (plan_) {
    results_.assign(plan_->blocks().size(), {});
    return read_block(0);
  }
  if (!scan_) scan_.emplace(*settings_.profile.sunspec);
  scan_step();
}

void ModbusDevice::cancel() {
  ++poll_id_;
  done_ = nullptr;
  started_ = nullptr;
  line_->withdraw(this);
  retry_timer_.cancel();
  scan_.reset();  // a half-done scan starts over
}

void ModbusDevice::scan_step() {
  if (const auto req = scan_->next(settings_.unit)) {
    return request(*req, 0, [this](const Response& r) {
      if (r.kind == Response::Kind::Malformed) {
        scan_.reset();
        return fail_poll("SunSpec scan: " + r.error);
      }
      scan_->feed(r.kind == Response::Kind::Registers ? &r.registers : nullptr);
      scan_step();
    });
  }
  const SunSpecScan scan = *scan_;
  scan_.reset();
  if (!scan.model_address()) return fail_poll("SunSpec scan: " + scan.failure());
  const Profile& p = settings_.profile;
  for (const Point& point : p.points) {
    const std::size_t end = std::max<std::size_t>(point.address + register_count(point.type),
                                                  point.scale_factor.value_or(0) + 1u);
    if (end > 2u + scan.model_length()) {
      return fail_poll(fmt::format("SunSpec model {} is {} registers long, too short for {}/{}", scan.model_id(),
                                   scan.model_length(), point.channel, point.quantity));
    }
  }
  try {
    plan_.emplace(p.points, *scan.model_address(), p.max_gap, p.max_registers, true);
  } catch (const std::invalid_argument& e) {
    return fail_poll(e.what());
  }
  spdlog::info("modbus {}: SunSpec model {} at register {}, {} requests per poll", settings_.device_id,
               scan.model_id(), *scan.model_address(), plan_->blocks().size());
  results_.assign(plan_->blocks().size(), {});
  read_block(0);
}

void ModbusDevice::read_block(std::size_t index) {
  if (index == plan_->blocks().size()) return complete({plan_->decode(results_), ""});
  const Block& b = plan_->blocks()[index];
  request({settings_.unit, b.table, b.address, b.count}, 0, [this, index](const Response& r) {
    if (r.kind == Response::Kind::Registers) {
      results_[index].registers = r.registers;
    } else {
      results_[index].error = r.error;  // this block's values are bad; the others may be fine
    }
    read_block(index + 1);
  });
}

void ModbusDevice::request(const ReadRequest& req, unsigned attempt, std::function<void(const Response&)> on_answer) {
  const unsigned long id = poll_id_;
  const auto priority = demoted_ || attempt > 0 ? Line::Priority::Suspect : Line::Priority::Normal;
  const unsigned tries = demoted_ ? 1 : settings_.retries + 1;  // a probe is one try: the line is for the healthy
  const auto sent = std::chrono::steady_clock::now();
  auto handler = [this, id, req, attempt, tries, on_answer, sent](const Response& r) {
    if (trace_) trace_(trace_line(req, r, std::chrono::steady_clock::now() - sent));
    if (id != poll_id_) return;
    const bool answered = r.kind == Response::Kind::Registers || r.kind == Response::Kind::Exception;
    if (answered) return on_answer(r);
    if (attempt + 1 >= tries) {
      if (r.kind == Response::Kind::Malformed) return on_answer(r);
      // Nothing answered: the device as a whole failed.
      return fail_poll(tries == 1 ? r.error : fmt::format("{} ({} tries)", r.error, tries));
    }
    retry_timer_.expires_after(Backoff::nth(settings_.retry_backoff, attempt));
    retry_timer_.async_wait([this, id, req, attempt, on_answer](const boost::system::error_code& ec) {
      if (ec || id != poll_id_) return;
      request(req, attempt + 1, on_answer);
    });
  };
  line_->submit(this, req, settings_.response_timeout, priority, std::move(handler), std::exchange(started_, nullptr));
}

void ModbusDevice::fail_poll(const std::string& why) {
  complete({{}, fmt::format("modbus {} unit {}: {}", line_->name(), settings_.unit, why)});
}

void ModbusDevice::complete(PollResult result) {
  PollCallback done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result));
}

}  // namespace sitepower::modbus
