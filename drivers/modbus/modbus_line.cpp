#include "modbus_line.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

namespace sitepower::modbus {
namespace {

std::map<std::string, std::weak_ptr<Line>>& open_lines() {
  static std::map<std::string, std::weak_ptr<Line>> lines;  // the agent's event loop is its only user
  return lines;
}

long long ms(Line::Clock::duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

}  // namespace

std::string LineSettings::name() const {
  if (serial) return fmt::format("rtu {} {} 8{}{}", serial->device, serial->baud, serial->parity, serial->stop_bits);
  return fmt::format("{} {}:{}", framing == Framing::Tcp ? "tcp" : "rtu-over-tcp", host, port);
}

std::shared_ptr<Line> Line::shared(boost::asio::any_io_executor ex, const LineSettings& settings) {
  auto& lines = open_lines();
  std::erase_if(lines, [](const auto& entry) { return entry.second.expired(); });
  const std::string key = fmt::format("{}@{}", settings.name(), fmt::ptr(&ex.context()));
  if (auto line = lines[key].lock()) return line;
  auto line = std::make_shared<Line>(ex, settings);
  lines[key] = line;
  return line;
}

Line::Line(boost::asio::any_io_executor ex, LineSettings settings)
    : executor_(ex), settings_(std::move(settings)), name_(settings_.name()), timer_(ex), gap_(ex) {}

Line::~Line() {
  if (stream_) stream_->close();
}

void Line::submit(const void* owner, const ReadRequest& req, std::chrono::milliseconds timeout, Priority priority,
                  Handler done, std::function<void()> on_line) {
  // Behind every request of the same or a better class, ahead of the rest.
  const auto at = std::find_if(queue_.begin(), queue_.end(), [priority](const Pending& p) { return p.priority > priority; });
  queue_.insert(at, {owner, req, timeout, priority, std::move(done), std::move(on_line)});
  // Never answer inside submit(): the caller may not be ready for its handler yet.
  boost::asio::post(executor_, [self = shared_from_this()] { self->pump(); });
}

void Line::withdraw(const void* owner) {
  std::erase_if(queue_, [owner](const Pending& p) { return p.owner == owner; });
  if (current_ && current_->owner == owner) current_->done = nullptr;
}

void Line::pump() {
  if (current_ || queue_.empty()) return;
  if (!std::exchange(capacity_checked_, true)) warn_if_over_capacity();
  current_ = std::move(queue_.front());
  queue_.pop_front();
  if (current_->on_line) std::exchange(current_->on_line, nullptr)();
  if (connected_) {
    send();
  } else {
    open_then_send();
  }
}

void Line::open_then_send() {
  const auto now = Clock::now();
  if (now < reconnect_at_) {
    return finish(Response::no_answer(
        fmt::format("not connected ({}); next attempt in {} ms", connect_error_, ms(reconnect_at_ - now))));
  }
  stream_ = settings_.serial ? make_serial_stream(executor_, *settings_.serial)
                             : make_tcp_stream(executor_, settings_.host, settings_.port);
  const auto op = op_;
  auto connect_failed = [this](const std::string& why) {
    stream_->close();
    const auto delay = reconnect_backoff_.next();
    reconnect_at_ = Clock::now() + delay;
    connect_error_ = why;
    // Once per change of state: the devices' own logs say what it costs them.
    if (failed_connects_++ == 0) spdlog::warn("modbus {}: cannot connect: {}; retrying with backoff", name_, why);
    finish(Response::no_answer(fmt::format("cannot connect: {}; next attempt in {} ms", why, delay.count())));
  };
  timer_.expires_after(current_->timeout);
  timer_.async_wait([self = shared_from_this(), op, connect_failed](const boost::system::error_code& ec) {
    if (!ec && op == self->op_) connect_failed("timed out");
  });
  stream_->async_open([self = shared_from_this(), op, connect_failed](const boost::system::error_code& ec) {
    if (op != self->op_) return;
    if (ec) return connect_failed(ec.message());
    self->connected_ = true;
    self->reconnect_backoff_.reset();
    if (self->failed_connects_ > 0) {
      spdlog::info("modbus {}: connected after {} failed attempts", self->name_, self->failed_connects_);
    } else if (self->ever_connected_) {
      spdlog::debug("modbus {}: connected again", self->name_);  // the peer closed it; reconnecting is routine
    } else {
      spdlog::info("modbus {}: connected", self->name_);
    }
    self->failed_connects_ = 0;
    self->ever_connected_ = true;
    self->send();
  });
}

unsigned Line::baud() const {
  if (settings_.serial) return settings_.serial->baud;
  return settings_.gateway_baud.value_or(0);
}

Line::Clock::duration Line::inter_frame_gap() const {
  // 3.5 character times of 11 bits; fixed 1.75 ms above 19200 baud (Modbus over serial line, 2.5.1.1).
  if (baud() == 0 || baud() > 19200) return std::chrono::microseconds(1750);
  return std::chrono::microseconds(3'500'000ull * 11 / baud());
}

std::optional<Line::Clock::duration> Line::bus_time(const std::vector<ReadRequest>& poll) const {
  constexpr auto kAnswerDelay = std::chrono::milliseconds(10);  // a meter's turnaround; many take longer
  if (baud() == 0) return std::nullopt;
  Clock::duration total{};
  for (const ReadRequest& r : poll) {
    const std::size_t chars = 8 + 5 + 2u * r.count;  // request; unit, fc, byte count, data, CRC
    total += std::chrono::microseconds(1'000'000ull * chars * 11 / baud()) + 2 * inter_frame_gap() + kAnswerDelay;
  }
  return total;
}

void Line::add_load(const void* owner, Clock::duration per_poll, std::chrono::milliseconds interval) {
  loads_[owner] = {per_poll, interval};
}

void Line::remove_load(const void* owner) { loads_.erase(owner); }

void Line::warn_if_over_capacity() const {
  if (loads_.empty()) return;
  std::chrono::milliseconds shortest = loads_.begin()->second.interval;
  for (const auto& [_, load] : loads_) shortest = std::min(shortest, load.interval);
  double needed_s = 0;  // bus time per shortest interval
  for (const auto& [_, load] : loads_) {
    needed_s += std::chrono::duration<double>(load.per_poll).count() * shortest / load.interval;
  }
  const double interval_s = std::chrono::duration<double>(shortest).count();
  if (needed_s <= interval_s) return;
  spdlog::warn("modbus line {} needs {:.1f} s per cycle at {} baud; interval is {:g} s: its devices will be read "
               "less often than configured",
               name_, needed_s, baud(), interval_s);
}

void Line::send() {
  if (const std::size_t dropped = stream_->discard_input()) {
    spdlog::debug("modbus {}: dropped {} bytes nobody asked for (a late answer?)", name_, dropped);
  }
  const auto ready_at = last_frame_end_ + inter_frame_gap();
  if (!settings_.serial || Clock::now() >= ready_at) return transmit();
  gap_.expires_at(ready_at);
  gap_.async_wait([self = shared_from_this(), op = op_](const boost::system::error_code& ec) {
    if (!ec && op == self->op_) self->transmit();
  });
}

void Line::transmit() {
  const ReadRequest& req = current_->req;
  tx_ = encode_request(settings_.framing, ++transaction_id_, req);
  rx_len_ = 0;
  const auto op = op_;
  timer_.expires_after(current_->timeout);
  timer_.async_wait([self = shared_from_this(), op](const boost::system::error_code& ec) {
    if (ec || op != self->op_) return;
    const auto& p = *self->current_;
    self->abandon(self->settings_.framing == Framing::Tcp ? self->transaction_id_ : p.req.unit);
    if (self->rx_len_ > 0) {
      if (self->settings_.framing == Framing::Tcp) self->drop_connection();  // out of step with the stream
      return self->finish(Response::failure(fmt::format("short frame: {} bytes, then nothing for {} ms",
                                                        self->rx_len_, p.timeout.count())));
    }
    self->finish(Response::no_answer(fmt::format("no answer within {} ms", p.timeout.count())));
  });
  stream_->async_write(tx_, [self = shared_from_this(), op](const boost::system::error_code& ec, std::size_t) {
    if (op != self->op_) return;
    if (ec) {
      self->drop_connection();
      return self->finish(Response::no_answer("write failed: " + ec.message()));
    }
    self->read_more();
  });
}

void Line::read_more() {
  const std::span<std::uint8_t> free_space = std::span(rx_).subspan(rx_len_);
  stream_->async_read_some(free_space, [self = shared_from_this(), op = op_](const boost::system::error_code& ec,
                                                                            std::size_t n) {
    if (op != self->op_) return;
    if (ec) {
      self->drop_connection();
      const bool closed = ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
      return self->finish(Response::no_answer(closed ? "connection closed by the peer" : "read failed: " + ec.message()));
    }
    self->rx_len_ += n;
    self->on_bytes();
  });
}

void Line::on_bytes() {
  const bool tcp = settings_.framing == Framing::Tcp;
  for (;;) {
    const std::span<const std::uint8_t> rx(rx_.data(), rx_len_);
    const FrameStatus st = frame_length(settings_.framing, rx);
    if (st.kind == FrameStatus::Kind::NeedMore) {
      if (rx_len_ < rx_.size()) return read_more();
      if (tcp) drop_connection();
      return finish(Response::failure(fmt::format("oversized frame: more than {} bytes", rx_.size())));
    }
    if (st.kind == FrameStatus::Kind::Invalid) {
      if (tcp) drop_connection();  // frame boundaries are lost; RTU resyncs by dropping input before the next send
      return finish(Response::failure(st.error));
    }
    if (is_late_answer(rx.first(st.length))) {
      // The late answer to a request that timed out: skip it, keep waiting for ours.
      std::memmove(rx_.data(), rx_.data() + st.length, rx_len_ - st.length);
      rx_len_ -= st.length;
      if (rx_len_ == 0) return read_more();
      continue;
    }
    Response r = decode_response(settings_.framing, transaction_id_, current_->req, rx.first(st.length));
    if (rx_len_ > st.length && r.kind != Response::Kind::Malformed) {
      if (tcp) drop_connection();
      r = Response::failure(fmt::format("oversized frame: {} bytes after a complete answer", rx_len_ - st.length));
    }
    return finish(std::move(r));
  }
}

void Line::finish(Response r) {
  timer_.cancel();
  gap_.cancel();
  if (stream_) stream_->cancel();  // a read still waiting (timeout) must not take the next answer's bytes
  ++op_;
  last_frame_end_ = Clock::now();
  Pending p = std::move(*current_);
  current_.reset();
  if (r.kind != Response::Kind::Registers) {  // the device's poll result carries it; its state change is logged once
    spdlog::debug("modbus {} unit {}: {} {} x{}: {}", name_, p.req.unit, p.req.table == Table::Holding ? "holding" : "input",
                 p.req.address, p.req.count, r.error);
  }
  if (p.done) p.done(r);
  pump();
}

void Line::abandon(std::uint16_t tag) {
  constexpr std::size_t kRemembered = 8;
  abandoned_.push_back(tag);
  if (abandoned_.size() > kRemembered) abandoned_.pop_front();
}

bool Line::is_late_answer(std::span<const std::uint8_t> frame) {
  // TCP tells answers apart by transaction id. RTU has none: a frame from
  // another unit with a valid CRC is that unit's late answer if we gave up on
  // it, and a wrong answer (reported) otherwise.
  const bool tcp = settings_.framing == Framing::Tcp;
  const std::uint16_t tag = tcp ? static_cast<std::uint16_t>(frame[0] << 8 | frame[1]) : frame[0];
  const std::uint16_t ours = tcp ? transaction_id_ : current_->req.unit;
  if (tag == ours || (!tcp && !crc_matches(frame))) return false;
  const auto it = std::find(abandoned_.begin(), abandoned_.end(), tag);
  if (it == abandoned_.end()) return false;
  abandoned_.erase(it);
  return true;
}

void Line::drop_connection() {
  connected_ = false;
  abandoned_.clear();
  if (stream_) stream_->close();
}

}  // namespace sitepower::modbus
