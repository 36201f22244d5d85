#include "byte_stream.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/write.hpp>

namespace sitepower::modbus {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// At most this much is dropped per call: a peer that streams bytes without
// end must not hold the event loop (a real late answer is under 300 bytes).
constexpr std::size_t kMaxDrain = 4096;

// Reads and drops what the kernel already holds for `fd`, up to kMaxDrain;
// never blocks, since it reads no more than FIONREAD reports.
std::size_t drain_fd(int fd) {
  std::size_t dropped = 0;
  int available = 0;
  std::uint8_t scratch[256];
  while (dropped < kMaxDrain && ::ioctl(fd, FIONREAD, &available) == 0 && available > 0) {
    const auto n = ::read(fd, scratch, std::min<std::size_t>(sizeof scratch, static_cast<std::size_t>(available)));
    if (n <= 0) break;
    dropped += static_cast<std::size_t>(n);
  }
  return dropped;
}

// What a TCP socket and a serial port do alike: they differ only in how they
// open and close.
template <class Port>
class AsioStream : public ByteStream {
 public:
  void async_write(std::span<const std::uint8_t> bytes, IoHandler done) override {
    asio::async_write(port_, asio::buffer(bytes.data(), bytes.size()), done);
  }
  void async_read_some(std::span<std::uint8_t> into, IoHandler done) override {
    port_.async_read_some(asio::buffer(into.data(), into.size()), done);
  }
  std::size_t discard_input() override { return port_.is_open() ? drain_fd(port_.native_handle()) : 0; }
  void cancel() override {
    error_code ignored;
    port_.cancel(ignored);
  }

 protected:
  explicit AsioStream(asio::any_io_executor ex) : port_(ex) {}
  Port port_;
};

class TcpStream : public AsioStream<asio::ip::tcp::socket> {
 public:
  TcpStream(asio::any_io_executor ex, std::string host, std::uint16_t port)
      : AsioStream(ex), resolver_(ex), host_(std::move(host)), port_number_(port) {}

  void async_open(OpenHandler done) override {
    resolver_.async_resolve(host_, std::to_string(port_number_),
                            [this, done](const error_code& ec, const asio::ip::tcp::resolver::results_type& results) {
                              if (ec) return done(ec);
                              asio::async_connect(port_, results, [this, done](const error_code& ec2, const auto&) {
                                if (!ec2) port_.set_option(asio::ip::tcp::no_delay(true));
                                done(ec2);
                              });
                            });
  }
  void close() override {
    error_code ignored;
    resolver_.cancel();
    port_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    port_.close(ignored);
  }

 private:
  asio::ip::tcp::resolver resolver_;
  std::string host_;
  std::uint16_t port_number_;
};

class SerialStream : public AsioStream<asio::serial_port> {
 public:
  SerialStream(asio::any_io_executor ex, SerialSettings s) : AsioStream(ex), settings_(std::move(s)) {}

  void async_open(OpenHandler done) override {
    error_code ec;
    port_.open(settings_.device, ec);
    using P = asio::serial_port_base;
    const auto parity = settings_.parity == 'E'   ? P::parity::even
                        : settings_.parity == 'O' ? P::parity::odd
                                                  : P::parity::none;
    if (!ec) port_.set_option(P::baud_rate(settings_.baud), ec);
    if (!ec) port_.set_option(P::character_size(8), ec);
    if (!ec) port_.set_option(P::parity(parity), ec);
    if (!ec) port_.set_option(P::stop_bits(settings_.stop_bits == 2 ? P::stop_bits::two : P::stop_bits::one), ec);
    if (!ec) port_.set_option(P::flow_control(P::flow_control::none), ec);
    asio::post(port_.get_executor(), [done, ec] { done(ec); });
  }
  void close() override {
    error_code ignored;
    port_.close(ignored);
  }

 private:
  SerialSettings settings_;
};

}  // namespace

std::unique_ptr<ByteStream> make_tcp_stream(asio::any_io_executor ex, std::string host, std::uint16_t port) {
  return std::make_unique<TcpStream>(std::move(ex), std::move(host), port);
}

std::unique_ptr<ByteStream> make_serial_stream(asio::any_io_executor ex, SerialSettings settings) {
  return std::make_unique<SerialStream>(std::move(ex), std::move(settings));
}

}  // namespace sitepower::modbus
