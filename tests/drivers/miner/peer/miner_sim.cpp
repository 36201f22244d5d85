// miner-sim: many simulated ASIC miners in one process, each on its own
// loopback address (127.0.0.x) at one port, answering the cgminer-family API
// like its firmware (firmware_replies.cpp): one JSON request per connection,
// the reply, a NUL, close.
//
//   miner-sim --port P --miners FIRST[-LAST]:FAMILY[:FAULT] [--miners ...]
//
// FAULT: refuse (nothing listens), silent (accepts, never answers), slow:MS,
// flood (bytes without end), truncated (half a reply, then close), invalid
// (not JSON), missing (STATUS S, no fields), error (STATUS E), malformed
// (bmminer's stray commas and unquoted values), nopower (whatsminer Power -1),
// flip:FAMILY (becomes FAMILY on SIGHUP: a firmware change).
// SIGUSR1 curtails every miner (sleep: no hashrate, little power), SIGUSR2
// resumes. Every request is logged as `request ADDRESS MS RAW` (MS: when it
// arrived, in milliseconds since start; the tests prove what the agent sent,
// bench/miner_scale times each row's poll); "miner-sim ready" once all listen.
#include <utility>  // boost/asio/awaitable.hpp (1.74) uses std::exchange without it

#include <boost/asio.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware_replies.h"

namespace asio = boost::asio;
using asio::ip::tcp;
using sitepower::minersim::MinerLook;

namespace {

const auto kStarted = std::chrono::steady_clock::now();

struct Miner {
  std::string address;
  MinerLook look;
  std::string fault;
  std::string flip_to;
  int slow_ms = 0;
  std::unique_ptr<tcp::acceptor> acceptor;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Miner& m) : socket_(std::move(s)), miner_(m), timer_(socket_.get_executor()) {}
  void start() { read(); }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
      if (ec) return;
      self->request_.append(self->buf_.data(), n);
      if (self->request_.find('}') == std::string::npos && self->request_.size() < 4096) return self->read();
      self->answer();
    });
  }

  void answer() {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - kStarted);
    std::printf("request %s %lld %s\n", miner_.address.c_str(), static_cast<long long>(ms.count()), request_.c_str());
    std::fflush(stdout);
    const auto at = request_.find("\"command\"");
    std::string command;
    if (at != std::string::npos) {
      const auto open = request_.find('"', request_.find(':', at) + 1);
      const auto close = request_.find('"', open + 1);
      if (open != std::string::npos && close != std::string::npos) command = request_.substr(open + 1, close - open - 1);
    }
    const std::string& f = miner_.fault;
    if (f == "silent") return hold();
    if (f == "flood") return flood();
    if (f == "invalid") {
      reply_ = "<html><body>502 Bad Gateway</body></html>";
    } else if (f == "missing") {
      reply_ = R"({"STATUS":[{"STATUS":"S","When":1,"Code":11,"Msg":"Summary"}],"SUMMARY":[{}],"id":1})";
    } else if (f == "error" && command != "version") {
      reply_ = R"({"STATUS":[{"STATUS":"E","When":1,"Code":45,"Msg":"Access denied to 'summary' command"}],"id":1})";
    } else {
      reply_ = sitepower::minersim::reply_for(miner_.look, command);
    }
    if (f == "truncated" && command != "version") reply_ = reply_.substr(0, reply_.size() / 2);
    else reply_.push_back('\0');
    timer_.expires_after(std::chrono::milliseconds(miner_.slow_ms));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
      asio::async_write(self->socket_, asio::buffer(self->reply_), [self](boost::system::error_code, std::size_t) {
        boost::system::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_both, ignored);
        self->socket_.close(ignored);
      });
    });
  }

  void hold() {
    socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      if (!ec) self->hold();  // until the agent gives up and closes
    });
  }

  void flood() {
    reply_.assign(64 * 1024, '{');
    asio::async_write(socket_, asio::buffer(reply_), [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      if (!ec) self->flood();
    });
  }

  tcp::socket socket_;
  Miner& miner_;
  asio::steady_timer timer_;
  std::array<char, 1024> buf_{};
  std::string request_;
  std::string reply_;
};

void accept(Miner& m) {
  m.acceptor->async_accept([&m](boost::system::error_code ec, tcp::socket s) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      // Out of descriptors (thousands of miners): say so and listen again a
      // little later, rather than leave the miner deaf for the rest of the run.
      std::fprintf(stderr, "miner-sim: accept on %s: %s\n", m.address.c_str(), ec.message().c_str());
      auto retry = std::make_shared<asio::steady_timer>(m.acceptor->get_executor(), std::chrono::milliseconds(100));
      retry->async_wait([&m, retry](boost::system::error_code) { accept(m); });
      return;
    }
    std::make_shared<Session>(std::move(s), m)->start();
    accept(m);
  });
}

// "127.0.0.1-127.0.0.200:antminer:slow:300" -> miners.
void add_miners(const std::string& spec, std::vector<std::unique_ptr<Miner>>& out) {
  const auto c1 = spec.find(':');
  const std::string range = spec.substr(0, c1);
  std::string rest = spec.substr(c1 + 1);
  const auto c2 = rest.find(':');
  const std::string family = rest.substr(0, c2);
  const std::string fault = c2 == std::string::npos ? "" : rest.substr(c2 + 1);
  const auto dash = range.find('-');
  const auto first = asio::ip::make_address_v4(range.substr(0, dash)).to_uint();
  const auto last = dash == std::string::npos ? first : asio::ip::make_address_v4(range.substr(dash + 1)).to_uint();
  for (auto a = first; a <= last; ++a) {
    auto m = std::make_unique<Miner>();
    m->address = asio::ip::address_v4(a).to_string();
    m->look.family = family;
    m->look.index = static_cast<int>(out.size());
    m->fault = fault;
    if (fault.starts_with("slow:")) m->slow_ms = std::stoi(fault.substr(5));
    if (fault.starts_with("flip:")) m->flip_to = fault.substr(5);
    m->look.malformed = fault == "malformed";
    m->look.no_power = fault == "nopower";
    out.push_back(std::move(m));
  }
}

void on_signal(asio::signal_set& signals, std::vector<std::unique_ptr<Miner>>& miners) {
  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    for (auto& m : miners) {
      if (sig == SIGUSR1) m->look.curtailed = true;
      if (sig == SIGUSR2) m->look.curtailed = false;
      if (sig == SIGHUP && !m->flip_to.empty()) m->look.family = m->flip_to;
    }
    std::printf("%s\n", sig == SIGUSR1 ? "curtailed" : sig == SIGUSR2 ? "resumed" : "firmware flipped");
    std::fflush(stdout);
    on_signal(signals, miners);
  });
}

}  // namespace

int main(int argc, char** argv) {
  int port = 4028;
  std::vector<std::unique_ptr<Miner>> miners;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string key = argv[i];
      if (key == "--port") port = std::stoi(argv[i + 1]);
      else if (key == "--miners") add_miners(argv[i + 1], miners);
      else throw std::invalid_argument("unknown option " + key);
    }
    asio::io_context io;
    for (auto& m : miners) {
      if (m->fault == "refuse") continue;
      m->acceptor = std::make_unique<tcp::acceptor>(io);
      const tcp::endpoint at(asio::ip::make_address(m->address), static_cast<unsigned short>(port));
      m->acceptor->open(at.protocol());
      m->acceptor->set_option(tcp::acceptor::reuse_address(true));
      m->acceptor->bind(at);
      m->acceptor->listen(1024);
      accept(*m);
    }
    asio::signal_set signals(io, SIGUSR1, SIGUSR2, SIGHUP);
    on_signal(signals, miners);
    asio::signal_set stop(io, SIGTERM, SIGINT);
    stop.async_wait([&](boost::system::error_code, int) { io.stop(); });
    std::printf("miner-sim ready: %zu miners on port %d\n", miners.size(), port);
    std::fflush(stdout);
    io.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "miner-sim: %s\n", e.what());
    return 2;
  }
  return 0;
}
