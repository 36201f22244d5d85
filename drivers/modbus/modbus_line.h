#pragma once
// One connection to a Modbus peer (a TCP meter, a serial gateway, a serial
// port), shared by every device behind it. Requests are queued and sent one
// at a time: an RS-485 bus carries one transaction at a time, and many
// gateways serve one request at a time even in Modbus TCP mode. Devices submit
// one request at a time each, so several devices on a line take turns.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backoff.h"
#include "byte_stream.h"
#include "modbus_frame.h"

namespace sitepower::modbus {

struct LineSettings {
  Framing framing = Framing::Tcp;
  std::string host;  // TCP and RTU over TCP
  std::uint16_t port = 502;
  std::optional<SerialSettings> serial;  // local RTU
  std::optional<unsigned> gateway_baud;  // RTU over TCP: the bus behind the gateway, if known

  std::string name() const;  // "tcp 10.0.0.5:502", "rtu-over-tcp gw:4001", "rtu /dev/ttyUSB0 9600 8N1"
};

class Line : public std::enable_shared_from_this<Line> {
 public:
  using Handler = std::function<void(const Response&)>;
  using Clock = std::chrono::steady_clock;

  // The line for these settings on this executor, opened on first use and
  // shared with every other device naming the same peer.
  static std::shared_ptr<Line> shared(boost::asio::any_io_executor ex, const LineSettings& settings);

  Line(boost::asio::any_io_executor ex, LineSettings settings);
  ~Line();

  // How a request queues: healthy devices' requests go before `Suspect` ones
  // (retries, probes of a demoted device), first come first served within
  // each, so a dead unit only gets the line when nobody healthy is waiting.
  enum class Priority { Normal, Suspect };
  // Queues a read; `done` runs on the executor with the answer. `owner`
  // identifies the device, for withdraw(). `on_line` (optional) runs when the
  // request gets the line: its timeout counts from then.
  void submit(const void* owner, const ReadRequest& req, std::chrono::milliseconds timeout, Priority priority,
              Handler done, std::function<void()> on_line = nullptr);
  // Forgets the owner's queued requests and ignores the answer to its request
  // in flight, which still runs to its end so the line stays in step.
  void withdraw(const void* owner);
  const std::string& name() const { return name_; }
  // How long the requests of one poll hold the bus at least (frames at the
  // line's baud rate, silent gaps, a 10 ms answer delay); none if the baud
  // rate is unknown (Modbus TCP, a gateway without `baud`).
  std::optional<Clock::duration> bus_time(const std::vector<ReadRequest>& poll) const;
  // The owner's polls take `per_poll` on the bus every `interval`. The first
  // request on the line warns, once, if the line cannot fit them all.
  void add_load(const void* owner, Clock::duration per_poll, std::chrono::milliseconds interval);
  void remove_load(const void* owner);

 private:
  struct Pending {
    const void* owner;
    ReadRequest req;
    std::chrono::milliseconds timeout;
    Priority priority;
    Handler done;
    std::function<void()> on_line;
  };
  void pump();
  void open_then_send();
  void send();
  void transmit();
  void read_more();
  void on_bytes();
  void finish(Response r);
  void drop_connection();
  void warn_if_over_capacity() const;
  unsigned baud() const;
  Clock::duration inter_frame_gap() const;

  boost::asio::any_io_executor executor_;
  LineSettings settings_;
  std::string name_;
  std::unique_ptr<ByteStream> stream_;
  bool connected_ = false;
  boost::asio::steady_timer timer_;  // response / connect deadline
  boost::asio::steady_timer gap_;    // RTU silence before a request

  std::deque<Pending> queue_;
  std::optional<Pending> current_;
  unsigned long op_ = 0;  // bumped when a request ends; late completions of it see a new value
  std::uint16_t transaction_id_ = 0;
  // Requests that timed out, whose answers may still come: transaction ids
  // (TCP) or unit ids (RTU), oldest first, a few at most.
  std::deque<std::uint16_t> abandoned_;
  void abandon(std::uint16_t tag);
  // Whether a complete frame is the late answer to an abandoned request.
  bool is_late_answer(std::span<const std::uint8_t> frame);
  std::vector<std::uint8_t> tx_;
  std::array<std::uint8_t, 512> rx_{};
  std::size_t rx_len_ = 0;
  Clock::time_point last_frame_end_{};

  struct Load {
    Clock::duration per_poll;
    std::chrono::milliseconds interval;
  };
  std::map<const void*, Load> loads_;
  bool capacity_checked_ = false;

  Clock::time_point reconnect_at_{};  // no connect attempt before this
  Backoff reconnect_backoff_{std::chrono::milliseconds(250), std::chrono::seconds(10)};  // reset on a connect
  std::string connect_error_;
  unsigned long failed_connects_ = 0;  // in a row; logged when it starts and when it ends
  bool ever_connected_ = false;
};

}  // namespace sitepower::modbus
