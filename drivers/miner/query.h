#pragma once
// One command to one miner on one TCP connection, as cgminer's API wants it:
// connect, send the request, read until the NUL or the miner closes, close.
// Never blocks the loop; the timeout covers the whole exchange; a reply over
// the cap (a flooding miner) ends it. The socket is closed when the query
// ends, however it ends: no fd outlives a query.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "command.h"

namespace sitepower::miner {

struct QueryResult {
  std::string reply;        // the bytes up to the NUL (or the close)
  std::string error;        // non-empty: no usable reply
  bool unreachable = false; // the connection never opened (refused, timed out connecting)
  bool timed_out = false;   // the exchange ran out of its time (connecting or waiting for the reply)
  std::chrono::milliseconds took{0};
};

struct QueryLimits {
  std::chrono::milliseconds timeout{1000};
  std::size_t max_reply_bytes = 256 * 1024;
};

class Query : public std::enable_shared_from_this<Query> {
 public:
  using Done = std::function<void(QueryResult)>;
  // Starts at once; `done` runs once on the executor unless cancel() comes first.
  static std::shared_ptr<Query> start(const boost::asio::any_io_executor& ex, const boost::asio::ip::tcp::endpoint& to,
                                      Command command, const QueryLimits& limits, Done done);
  // Closes the socket; `done` is never called.
  void cancel();

  Query(const boost::asio::any_io_executor& ex, Command command, const QueryLimits& limits, Done done);

 private:
  void run(const boost::asio::ip::tcp::endpoint& to);
  void read_more();
  void finish(std::string error, bool unreachable, bool timed_out = false);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::string request_;
  QueryLimits limits_;
  Done done_;
  std::string reply_;
  std::array<char, 4096> buffer_{};
  bool connected_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace sitepower::miner
