#pragma once
// The HTTP(S) client drivers share (prometheus, redfish): requests to one
// host over one HTTP/1.1 connection kept alive between polls, on the agent's
// executor (Boost.Beast over Asio, OpenSSL for https). It can send GET, POST
// and DELETE: which requests a device ever gets is each driver's closed set
// (prometheus: GET of its path; redfish: GETs, and a POST and a DELETE of its
// own login session), each proved by the driver's tests.
#include <utility>  // boost/asio/awaitable.hpp (1.74) uses std::exchange without it

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitepower::http {

using Clock = std::chrono::steady_clock;

struct TlsSettings {
  bool verify = true;   // false: the certificate is not checked at all (the client warns once when built)
  std::string ca_file;  // PEM CA certificate(s) the server's must chain to; empty: the system's store
};

struct BasicAuth {
  std::string user;
  std::string password;  // never logged, never in an error text
};

struct ClientSettings {
  std::string log_name;  // who uses the client (the device id), for its log lines
  bool https = false;
  std::string host;  // an IP address: connected to as is, never resolved
  std::uint16_t port = 80;
  std::string server_name;  // the name the certificate must hold (and SNI); empty: host
  TlsSettings tls;
  std::optional<BasicAuth> basic_auth;
  std::string accept = "*/*";  // the Accept header
  std::chrono::milliseconds request_timeout{1000};  // one request: connect, TLS, write, whole reply
  std::size_t max_body_bytes = 4u << 20;            // a longer reply is an error, not a bigger buffer
  unsigned max_redirects = 3;                       // followed only to the same scheme, host and port
};

enum class Method { Get, Post, Delete };

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  Method method = Method::Get;
  std::string target;  // "/metrics"
  std::string body = {};  // Post only
  std::string content_type = {};  // of the body
  // Sent with this request only (Redfish's X-Auth-Token). Values are never
  // logged or put in an error text.
  std::vector<Header> headers = {};
};

struct Response {
  // Why no HTTP answer came (refused, timeout, TLS with the certificate's
  // fault, reply over the cap, connection closed mid-reply, redirect to
  // another host); empty when one did, whatever its status.
  std::string error;
  unsigned status = 0;
  std::string body;
  std::vector<Header> headers;  // the reply's, in order
  std::string target;  // the target that answered, after redirects
  // The first header named `name` (case-insensitive); empty when absent.
  std::string header(std::string_view name) const;
  std::chrono::milliseconds took{0};
};

class Client {
 public:
  Client(const boost::asio::any_io_executor& executor, ClientSettings settings);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends `request`. `done` runs once, on the executor, never inside send(),
  // unless cancel() comes first. Each request (a redirect's is another) ends
  // by request_timeout, and everything by `deadline` (the poll's). Redirects
  // are followed for GET only: a POST or DELETE gets the redirect as its
  // answer. One request at a time: a send() while one is in flight cancels it.
  void send(Request request, Clock::time_point deadline, std::function<void(Response)> done);
  void get(std::string target, Clock::time_point deadline, std::function<void(Response)> done) {
    send(Request{Method::Get, std::move(target)}, deadline, std::move(done));
  }
  // Closes the connection and forgets the callback.
  void cancel();

  const ClientSettings& settings() const;

  struct State;  // shared with the request in flight, which may outlive the client

 private:
  std::shared_ptr<State> state_;
};

// Counted over the process, for benchmarks: in a steady state with keep-alive
// no new connection and no TLS handshake happens.
struct ConnectionCounts {
  std::uint64_t connects = 0;
  std::uint64_t tls_handshakes = 0;
};
ConnectionCounts connection_counts();

}  // namespace sitepower::http
