#include "query.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>

namespace sitepower::miner {

namespace asio = boost::asio;

Query::Query(const asio::any_io_executor& ex, Command command, const QueryLimits& limits, Done done)
    : socket_(ex), timer_(ex), request_(request_text(command)), limits_(limits), done_(std::move(done)) {}

std::shared_ptr<Query> Query::start(const asio::any_io_executor& ex, const asio::ip::tcp::endpoint& to,
                                    Command command, const QueryLimits& limits, Done done) {
  auto q = std::make_shared<Query>(ex, command, limits, std::move(done));
  q->run(to);
  return q;
}

void Query::run(const asio::ip::tcp::endpoint& to) {
  started_ = std::chrono::steady_clock::now();
  timer_.expires_after(limits_.timeout);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec) return;  // the query ended first
    self->finish(fmt::format("no {} within {} ms", self->connected_ ? "reply" : "connection", self->limits_.timeout.count()),
                 !self->connected_, true);
  });
  socket_.async_connect(to, [self = shared_from_this()](const boost::system::error_code& ec) {
    if (!self->done_) return;
    if (ec) return self->finish("connect: " + ec.message(), true);
    self->connected_ = true;
    asio::async_write(self->socket_, asio::buffer(self->request_),
                      [self](const boost::system::error_code& wec, std::size_t) {
                        if (!self->done_) return;
                        if (wec) return self->finish("send: " + wec.message(), false);
                        self->read_more();
                      });
  });
}

void Query::read_more() {
  socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](const boost::system::error_code& ec,
                                                                               std::size_t n) {
    if (!self->done_) return;
    const std::string_view got(self->buffer_.data(), n);
    const auto nul = got.find('\0');
    self->reply_.append(got.substr(0, nul));
    if (self->reply_.size() > self->limits_.max_reply_bytes) {
      return self->finish(fmt::format("reply over {} bytes (the miner floods)", self->limits_.max_reply_bytes), false);
    }
    if (nul != std::string_view::npos || ec == asio::error::eof) return self->finish("", false);
    if (ec) return self->finish("receive: " + ec.message(), false);
    self->read_more();
  });
}

void Query::finish(std::string error, bool unreachable, bool timed_out) {
  Done done = std::move(done_);
  done_ = nullptr;
  boost::system::error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
  if (!done) return;
  QueryResult r;
  r.reply = std::move(reply_);
  r.error = std::move(error);
  r.unreachable = unreachable;
  r.timed_out = timed_out;
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
  done(std::move(r));
}

void Query::cancel() {
  done_ = nullptr;
  boost::system::error_code ignored;
  timer_.cancel();
  socket_.close(ignored);
}

}  // namespace sitepower::miner
