#pragma once
// The byte pipe under a Modbus line: a TCP socket (Modbus TCP, or RTU frames
// through a serial gateway) or a local serial port. Asio-native so a slow or
// dead device never blocks the agent's single event loop; libmodbus's
// blocking calls would stall every other device's poll for the full timeout.
#include <boost/asio/any_io_executor.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace sitepower::modbus {

struct SerialSettings {
  std::string device;
  unsigned baud = 9600;
  char parity = 'N';  // N, E, O
  unsigned stop_bits = 1;
};

class ByteStream {
 public:
  using OpenHandler = std::function<void(const boost::system::error_code&)>;
  using IoHandler = std::function<void(const boost::system::error_code&, std::size_t)>;
  virtual ~ByteStream() = default;
  virtual void async_open(OpenHandler done) = 0;
  virtual void async_write(std::span<const std::uint8_t> bytes, IoHandler done) = 0;
  virtual void async_read_some(std::span<std::uint8_t> into, IoHandler done) = 0;
  // Drops bytes that arrived since the last answer (a late answer to a
  // request that timed out) so they cannot be taken for the next answer;
  // at most a few kB per call, so a peer that floods cannot hold the loop.
  virtual std::size_t discard_input() = 0;
  // Aborts a pending read or write, so the next request's read is the only one.
  virtual void cancel() = 0;
  virtual void close() = 0;
};

std::unique_ptr<ByteStream> make_tcp_stream(boost::asio::any_io_executor ex, std::string host, std::uint16_t port);
std::unique_ptr<ByteStream> make_serial_stream(boost::asio::any_io_executor ex, SerialSettings settings);

}  // namespace sitepower::modbus
