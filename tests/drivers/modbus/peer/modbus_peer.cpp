// modbus-peer: a Modbus meter for tests, built on libmodbus. It serves a
// register image per unit id over Modbus TCP, RTU over TCP (what a serial
// gateway puts on the wire) or RTU on a pseudo-terminal, and can misbehave on
// purpose per unit (see kUsage). Every request is logged, so tests can check
// which function codes the driver sent. Over TCP it can listen on many ports
// at once (the benchmarks' site of 200 meters is one process): every port
// serves the same units, and each request's line ends with the port it came
// in on and the client's port, so a log can be split by meter and by client.
#include <fcntl.h>
#include <modbus/modbus.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "register_image.h"

namespace {

constexpr const char* kUsage = R"(usage: modbus-peer --mode tcp|rtu-over-tcp|rtu-pty (--port N[-M] [--port ...] | --pty-link PATH)
                   --unit ID:IMAGE [--unit ...] [--fault ID:KIND ...]
--port N-M listens on every port from N to M; every port serves the same units.
faults: silent, exception:CODE, wrong-tid, wrong-unit, short, oversized, bad-crc,
        close-after:N (close the connection after N answers on it),
        late:MS (answer MS ms late; answers on a connection leave in order, as
                 through a serial gateway, so later requests wait behind it),
        flood (after its first request, stream junk bytes on that TCP connection forever),
        silent-until:MS (ignore requests until MS ms after the peer started, then behave)
)";

struct Unit {
  modbus_mapping_t* map = nullptr;
  std::string fault;  // empty: behave
  int fault_arg = 0;
};

using Clock = std::chrono::steady_clock;

struct Connection {
  explicit Connection(int f, int local = 0, int remote = 0) : fd(f), port(local), client_port(remote) {}
  int fd;
  int port;         // TCP: the port it came in on and the client's; 0 on a pty
  int client_port;
  std::vector<std::uint8_t> rx;
  int answered = 0;
  std::deque<std::pair<Clock::time_point, std::vector<std::uint8_t>>> outgoing;  // answers held back (late)
  bool flooding = false;
};

struct Peer {
  bool tcp_framing = true;
  modbus_t* ctx = nullptr;  // never connected: used to build replies in the right framing
  std::map<int, Unit> units;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// libmodbus writes its reply to a socket; we catch it on a socket pair so a
// fault can bend it before it goes to the driver.
std::vector<std::uint8_t> build_reply(const Peer& peer, const std::vector<std::uint8_t>& req, const Unit& unit,
                                      int exception) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0) throw std::runtime_error("socketpair failed");
  modbus_set_socket(peer.ctx, pair[0]);
  if (exception) {
    modbus_reply_exception(peer.ctx, req.data(), static_cast<unsigned>(exception));
  } else {
    modbus_reply(peer.ctx, req.data(), static_cast<int>(req.size()), unit.map);
  }
  std::vector<std::uint8_t> out(600);
  const auto n = ::read(pair[1], out.data(), out.size());
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  ::close(pair[0]);
  ::close(pair[1]);
  return out;
}

// Returns false when the connection is to be closed.
bool serve(const Peer& peer, Connection& c, std::vector<std::uint8_t> req) {
  const std::size_t head = peer.tcp_framing ? 6 : 0;  // unit id position
  const int unit_id = req[head];
  const int fc = req[head + 1];
  std::printf("request unit %d fc %d address %d count %d", unit_id, fc, req[head + 2] << 8 | req[head + 3],
              req[head + 4] << 8 | req[head + 5]);
  if (c.port) std::printf(" port %d client %d", c.port, c.client_port);
  std::printf("\n");
  std::fflush(stdout);
  const auto it = peer.units.find(unit_id);
  if (it == peer.units.end() || !it->second.map || it->second.fault == "silent") return true;  // nobody on the bus answers
  const Unit& u = it->second;
  if (u.fault == "silent-until" && Clock::now() < peer.started + std::chrono::milliseconds(u.fault_arg)) return true;
  const auto count_at = head + 5;
  int exception = 0;
  if (u.fault == "exception") exception = u.fault_arg;
  if (u.fault == "wrong-tid" && peer.tcp_framing) req[1] ^= 0x5A;
  if (u.fault == "wrong-unit") req[head] = static_cast<std::uint8_t>(unit_id + 1);
  if (u.fault == "short") req[count_at] = static_cast<std::uint8_t>(req[count_at] - 1);
  if (u.fault == "oversized") req[count_at] = static_cast<std::uint8_t>(req[count_at] + 1);
  if (u.fault == "flood") {
    c.flooding = true;
    return true;
  }
  std::vector<std::uint8_t> reply = build_reply(peer, req, u, exception);
  if (u.fault == "bad-crc" && !reply.empty()) reply.back() ^= 0xFF;
  const int delay_ms = u.fault == "late" ? u.fault_arg : 0;
  if (delay_ms > 0 || !c.outgoing.empty()) {
    c.outgoing.emplace_back(Clock::now() + std::chrono::milliseconds(delay_ms), std::move(reply));
    return true;
  }
  if (::write(c.fd, reply.data(), reply.size()) != static_cast<ssize_t>(reply.size())) return false;
  return !(u.fault == "close-after" && ++c.answered >= u.fault_arg);
}

// Sends held answers that are due, in order; false to close.
bool send_due(Connection& c) {
  while (!c.outgoing.empty() && c.outgoing.front().first <= Clock::now()) {
    const auto& reply = c.outgoing.front().second;
    if (::write(c.fd, reply.data(), reply.size()) != static_cast<ssize_t>(reply.size())) return false;
    c.outgoing.pop_front();
  }
  return true;
}

// Fills the socket with junk, without blocking; false to close.
bool flood(const Connection& c) {
  static const std::vector<std::uint8_t> junk(65536, 0xA5);
  const auto n = ::send(c.fd, junk.data(), junk.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  return n >= 0 || errno == EAGAIN || errno == EWOULDBLOCK;
}

// How long poll() may sleep before a held answer is due.
int poll_timeout_ms(const std::vector<Connection>& conns) {
  int timeout = -1;
  for (const auto& c : conns) {
    if (c.outgoing.empty()) continue;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(c.outgoing.front().first - Clock::now()).count();
    const int ms = static_cast<int>(std::max<long long>(0, wait));
    timeout = timeout < 0 ? ms : std::min(timeout, ms);
  }
  return timeout;
}

// Serves every complete request in the buffer; false to close.
bool on_readable(const Peer& peer, Connection& c) {
  std::uint8_t buf[512];
  const auto n = ::read(c.fd, buf, sizeof buf);
  if (n <= 0) return false;
  c.rx.insert(c.rx.end(), buf, buf + n);
  for (;;) {
    // Read requests are 8 bytes in RTU (unit, fc, address, count, CRC); TCP says its length.
    std::size_t len = 8;
    if (peer.tcp_framing) {
      if (c.rx.size() < 7) return true;
      len = 6 + static_cast<std::size_t>(c.rx[4] << 8 | c.rx[5]);
    }
    if (c.rx.size() < len) return true;
    std::vector<std::uint8_t> req(c.rx.begin(), c.rx.begin() + static_cast<long>(len));
    c.rx.erase(c.rx.begin(), c.rx.begin() + static_cast<long>(len));
    if (!serve(peer, c, std::move(req))) return false;
  }
}

// The port of one end of a TCP socket.
int port_of(int fd, bool remote) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  const int rc = remote ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len)
                        : ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return rc == 0 ? ntohs(a.sin_port) : 0;
}

int listen_tcp(int port) {
  modbus_t* listener = modbus_new_tcp("127.0.0.1", port);
  const int fd = modbus_tcp_listen(listener, 8);
  if (fd < 0) throw std::runtime_error(std::string("listen failed: ") + modbus_strerror(errno));
  return fd;
}

// A pseudo-terminal pair: the driver opens the slave through `link`, the peer
// serves on the master. The peer keeps the slave open so the master does not
// see a hang-up whenever the driver closes and reopens the port.
int open_pty(const std::string& link) {
  int master = -1, slave = -1;
  char name[256];
  if (::openpty(&master, &slave, name, nullptr, nullptr) != 0) throw std::runtime_error("openpty failed");
  termios raw{};
  ::tcgetattr(slave, &raw);
  ::cfmakeraw(&raw);
  ::tcsetattr(slave, TCSANOW, &raw);
  std::filesystem::remove(link);
  std::filesystem::create_symlink(name, link);
  return master;
}

}  // namespace

int main(int argc, char** argv) try {
  Peer peer;
  std::string mode, pty_link;
  std::vector<int> ports;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    const auto colon = value.find(':');
    if (key == "--mode") mode = value;
    else if (key == "--port") {
      const auto dash = value.find('-');
      const int first = std::stoi(value.substr(0, dash));
      const int last = dash == std::string::npos ? first : std::stoi(value.substr(dash + 1));
      if (last < first) throw std::invalid_argument("--port N-M: M below N");
      for (int p = first; p <= last; ++p) ports.push_back(p);
    }
    else if (key == "--pty-link") pty_link = value;
    else if (key == "--unit" || key == "--fault") {
      Unit& u = peer.units[std::stoi(value.substr(0, colon))];
      const std::string rest = value.substr(colon + 1);
      if (key == "--unit") {
        u.map = modbus_mapping_new(0, 0, 0x10000, 0x10000);
        sitepower::test::load_register_image(rest, u.map);
      } else {
        const auto arg = rest.find(':');
        u.fault = rest.substr(0, arg);
        if (arg != std::string::npos) u.fault_arg = std::stoi(rest.substr(arg + 1));
      }
    } else {
      throw std::invalid_argument("unknown option " + key);
    }
  }
  if (mode.empty()) throw std::invalid_argument("--mode is required");
  peer.tcp_framing = mode == "tcp";
  peer.ctx = peer.tcp_framing ? modbus_new_tcp("127.0.0.1", 0) : modbus_new_rtu("/dev/null", 9600, 'N', 8, 1);

  std::vector<Connection> conns;
  std::vector<int> listen_fds;
  if (mode == "rtu-pty") {
    conns.push_back(Connection{open_pty(pty_link)});
  } else {
    if (ports.empty()) throw std::invalid_argument("--port is required");
    for (const int p : ports) listen_fds.push_back(listen_tcp(p));
  }
  std::printf("modbus-peer ready (%s)\n", mode.c_str());
  std::fflush(stdout);
  for (;;) {
    std::vector<pollfd> fds;
    for (const int fd : listen_fds) fds.push_back({fd, POLLIN, 0});
    for (const auto& c : conns) fds.push_back({c.fd, static_cast<short>(POLLIN | (c.flooding ? POLLOUT : 0)), 0});
    if (::poll(fds.data(), fds.size(), poll_timeout_ms(conns)) < 0) continue;
    std::size_t at = 0;
    for (const int listen_fd : listen_fds) {
      if (!(fds[at++].revents & POLLIN)) continue;
      const int fd = ::accept(listen_fd, nullptr, nullptr);
      if (fd >= 0) {
        conns.push_back(Connection{fd, port_of(fd, false), port_of(fd, true)});
        std::printf("accepted connection\n");
        std::fflush(stdout);
      }
    }
    for (std::size_t i = 0; i < conns.size() && at < fds.size(); ++at) {
      const short ev = fds[at].revents;
      const bool keep = ((ev & ~POLLOUT) == 0 || on_readable(peer, conns[i])) && send_due(conns[i]) &&
                        (!conns[i].flooding || !(ev & POLLOUT) || flood(conns[i]));
      if (!keep) {
        std::printf("closing connection\n");
        std::fflush(stdout);
        ::close(conns[i].fd);
        conns.erase(conns.begin() + static_cast<long>(i));
        continue;
      }
      ++i;
    }
  }
} catch (const std::exception& e) {
  std::fprintf(stderr, "modbus-peer: %s\n%s", e.what(), kUsage);
  return 2;
}
