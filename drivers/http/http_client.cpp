#include "http_client.h"

#include <openssl/evp.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <spdlog/spdlog.h>

#include <atomic>

#include "redirect.h"
#include "tls_setup.h"

namespace sitepower::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using boost::system::error_code;
using asio::awaitable;
using asio::ip::tcp;

std::atomic<std::uint64_t> g_connects{0};
std::atomic<std::uint64_t> g_handshakes{0};

std::string basic_authorization(const BasicAuth& auth) {
  const std::string plain = auth.user + ":" + auth.password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  encoded.resize(static_cast<std::size_t>(n));
  return "Basic " + encoded;
}

// One TCP (and TLS) connection: kept while the server keeps it alive, replaced
// after any failure.
struct Connection {
  Connection(const asio::any_io_executor& ex, asio::ssl::context* tls) {
    if (tls) {
      secure.emplace(ex, *tls);
    } else {
      plain.emplace(ex);
    }
  }
  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  void close() {
    error_code ignored;
    lowest().socket().close(ignored);
  }
  // Runs `f` on whichever stream this connection is.
  template <class F>
  auto with_stream(F&& f) {
    return secure ? f(*secure) : f(*plain);
  }

  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  std::optional<beast::tcp_stream> plain;
  beast::flat_buffer buffer;
};

// What one request on one connection came to.
struct Exchange {
  std::string error;
  // Failed before any byte of a reply, not by a timeout: on a kept-alive
  // connection, the server closed it while it was idle.
  bool closed_unused = false;
  bool keep_alive = false;
  bhttp::response<bhttp::string_body> reply;
};

Exchange failed(std::string error) {
  Exchange x;
  x.error = std::move(error);
  return x;
}

}  // namespace

struct Client::State {
  State(const asio::any_io_executor& ex, ClientSettings s) : executor(ex), settings(std::move(s)) {
    if (settings.server_name.empty()) settings.server_name = settings.host;
    if (settings.basic_auth) authorization = basic_authorization(*settings.basic_auth);
    if (settings.https) {
      tls.emplace();
      configure(*tls, settings.tls);
    }
    host_header = settings.server_name;
    if (settings.port != (settings.https ? 443 : 80)) host_header += ":" + std::to_string(settings.port);
  }

  asio::any_io_executor executor;
  ClientSettings settings;
  std::optional<TlsContext> tls;
  std::string authorization;
  std::string host_header;
  std::shared_ptr<Connection> connection;
  std::uint64_t generation = 0;  // bumped by cancel(): a coroutine of an older one stops touching the state
  bool busy = false;             // a get() is in flight
};

namespace {

using State = Client::State;

// Connects (and shakes hands) by `limit`; the error in an operator's words.
awaitable<std::string> open(State& s, Connection& c, Clock::time_point limit) {
  error_code ec;
  const auto address = asio::ip::make_address(s.settings.host, ec);
  if (ec) co_return "host " + s.settings.host + " is not an IP address";
  const tcp::endpoint to(address, s.settings.port);
  c.lowest().expires_at(limit);
  co_await c.lowest().async_connect(to, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == beast::error::timeout) co_return "no connection within " + std::to_string(s.settings.request_timeout.count()) + " ms";
  if (ec) co_return "connect: " + ec.message();
  ++g_connects;
  if (!c.secure) co_return "";
  expect_peer_name(c.secure->native_handle(), s.settings.server_name);
  ++g_handshakes;
  co_await c.secure->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == beast::error::timeout) co_return "no TLS handshake within the request timeout";
  if (ec) co_return tls_failure(c.secure->native_handle(), ec);
  co_return "";
}

bhttp::verb verb_of(Method m) {
  switch (m) {
    case Method::Post: return bhttp::verb::post;
    case Method::Delete: return bhttp::verb::delete_;
    case Method::Get: break;
  }
  return bhttp::verb::get;
}

template <class Stream>
awaitable<Exchange> round_trip(State& s, Connection& c, Stream& stream, const Request& r, Clock::time_point limit) {
  Exchange x;
  bhttp::request<bhttp::string_body> request{verb_of(r.method), r.target, 11};
  request.set(bhttp::field::host, s.host_header);
  request.set(bhttp::field::user_agent, "sitepower");
  request.set(bhttp::field::accept, s.settings.accept);
  if (!s.authorization.empty()) request.set(bhttp::field::authorization, s.authorization);
  for (const Header& h : r.headers) request.set(h.name, h.value);
  if (r.method == Method::Post) {
    request.set(bhttp::field::content_type, r.content_type);
    request.body() = r.body;
  }
  request.keep_alive(true);
  request.prepare_payload();
  error_code ec;
  c.lowest().expires_at(limit);
  co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    x.closed_unused = ec != beast::error::timeout;
    x.error = ec == beast::error::timeout ? "request not sent within the request timeout" : "sending: " + ec.message();
    co_return x;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(s.settings.max_body_bytes);
  // The header first, and the cap checked here as well as by the parser:
  // with Boost 1.74 a whole-message async_read sometimes reads on past a
  // Content-Length over body_limit (a test loops on it).
  co_await bhttp::async_read_header(stream, c.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec && parser.is_header_done()) {
    const auto length = parser.content_length();
    if (length && *length > s.settings.max_body_bytes) ec = bhttp::error::body_limit;
  }
  if (!ec && !parser.is_done()) {
    co_await bhttp::async_read(stream, c.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  }
  if (!ec && parser.get().body().size() > s.settings.max_body_bytes) ec = bhttp::error::body_limit;
  if (ec) {
    x.closed_unused = !parser.got_some() && ec != beast::error::timeout;
    const std::size_t got = parser.is_header_done() ? parser.get().body().size() : 0;
    if (ec == beast::error::timeout) {
      x.error = "no complete reply within " + std::to_string(s.settings.request_timeout.count()) + " ms (" +
                std::to_string(got) + " body bytes received)";
    } else if (ec == bhttp::error::body_limit) {
      x.error = "reply larger than the cap of " + std::to_string(s.settings.max_body_bytes) + " bytes";
    } else if (parser.got_some()) {
      x.error = "connection closed mid-reply (" + std::to_string(got) + " body bytes received): " + ec.message();
    } else {
      x.error = "no reply: " + ec.message();
    }
    co_return x;
  }
  x.reply = parser.release();
  x.keep_alive = x.reply.keep_alive();
  co_return x;
}

// One request, on the kept connection when there is one. A kept connection
// the server closed while idle fails before any reply: that is tried once
// more on a new connection.
awaitable<Exchange> exchange(std::shared_ptr<State> s, std::uint64_t generation, const Request& request,
                             Clock::time_point deadline) {
  const Clock::time_point limit = std::min(Clock::now() + s->settings.request_timeout, deadline);
  for (int attempt = 0;; ++attempt) {
    std::shared_ptr<Connection> c = s->connection;
    const bool reused = c != nullptr;
    if (!reused) {
      c = std::make_shared<Connection>(s->executor, s->tls ? &s->tls->context : nullptr);
      s->connection = c;
      std::string error = co_await open(*s, *c, limit);
      if (generation != s->generation) co_return failed("cancelled");
      if (!error.empty()) {
        c->close();
        s->connection.reset();
        co_return failed(std::move(error));
      }
    }
    Exchange x = co_await c->with_stream([&](auto& stream) { return round_trip(*s, *c, stream, request, limit); });
    if (generation != s->generation) co_return failed("cancelled");
    if (x.error.empty() && x.keep_alive) co_return x;
    c->close();
    s->connection.reset();
    if (!x.error.empty() && reused && x.closed_unused && attempt == 0) continue;
    co_return x;
  }
}

awaitable<void> send_following(std::shared_ptr<State> s, std::uint64_t generation, Request request,
                               Clock::time_point deadline, std::function<void(Response)> done) {
  const Clock::time_point start = Clock::now();
  Response r;
  if (s->tls && !s->tls->error.empty()) {
    co_await asio::post(s->executor, asio::use_awaitable);  // never answer inside get()
    r.error = s->tls->error;
  }
  for (unsigned hop = 0; r.error.empty(); ++hop) {
    Exchange x = co_await exchange(s, generation, request, deadline);
    if (generation != s->generation) co_return;
    if (!x.error.empty()) {
      r.error = std::move(x.error);
      break;
    }
    r.status = x.reply.result_int();
    if (!is_redirect(r.status) || request.method != Method::Get) {
      for (const auto& field : x.reply) r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
      r.body = std::move(x.reply.body());
      r.target = request.target;
      break;
    }
    const std::string location(x.reply[bhttp::field::location]);
    const auto next = same_host_target(location, s->settings);
    if (!next) {
      r.error = "redirect to another host refused: " + location;
    } else if (hop == s->settings.max_redirects) {
      r.error = "more than " + std::to_string(s->settings.max_redirects) + " redirects";
    } else {
      request.target = *next;
    }
  }
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  s->busy = false;
  done(std::move(r));
}

}  // namespace

Client::Client(const asio::any_io_executor& executor, ClientSettings settings)
    : state_(std::make_shared<State>(executor, std::move(settings))) {
  const ClientSettings& s = state_->settings;
  if (s.https && !s.tls.verify) {
    spdlog::warn("{}: tls.verify is false: the certificate of {}:{} is not checked", s.log_name, s.host, s.port);
  }
}

Client::~Client() { cancel(); }

void Client::send(Request request, Clock::time_point deadline, std::function<void(Response)> done) {
  if (state_->busy) cancel();
  state_->busy = true;
  asio::co_spawn(state_->executor,
                 send_following(state_, state_->generation, std::move(request), deadline, std::move(done)),
                 asio::detached);
}

std::string Response::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (beast::iequals(h.name, beast::string_view(name.data(), name.size()))) return h.value;
  }
  return {};
}

void Client::cancel() {
  ++state_->generation;
  state_->busy = false;
  if (state_->connection) state_->connection->close();
  state_->connection.reset();
}

const ClientSettings& Client::settings() const { return state_->settings; }

ConnectionCounts connection_counts() { return {g_connects.load(), g_handshakes.load()}; }

}  // namespace sitepower::http
