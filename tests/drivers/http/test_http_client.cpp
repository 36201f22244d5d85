// The shared HTTP(S) client against a real server (peer/http_peer.py, with a
// test CA made by openssl): keep-alive, TLS verification and its reasons,
// timeouts, the reply cap, redirects, basic auth, cancel.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <optional>

#include "http_client.h"
#include "http_peer_process.h"
#include "log_capture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
using http::Client;
using http::ClientSettings;
using http::Response;

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-http");
    std::ofstream(dir_ + "/ok.txt") << "hello\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ClientSettings settings_for(const HttpPeerProcess& peer, bool https = false) const {
    ClientSettings s;
    s.log_name = "dev-1";
    s.https = https;
    s.host = "127.0.0.1";
    s.port = static_cast<std::uint16_t>(peer.port());
    s.request_timeout = 3s;
    return s;
  }
  // One GET run to its answer on the test's loop; a test deadline far past
  // the client's own bounds.
  Response fetch(Client& c, const std::string& target, http::Clock::duration deadline = 10s) {
    return send(c, http::Request{http::Method::Get, target}, deadline);
  }
  Response send(Client& c, http::Request request, http::Clock::duration deadline = 10s) {
    std::optional<Response> got;
    c.send(std::move(request), http::Clock::now() + deadline, [&](Response r) { got = std::move(r); });
    io_.restart();
    const auto end = std::chrono::steady_clock::now() + 20s;
    while (!got && io_.run_one_until(end)) {
    }
    if (!got) {
      c.cancel();
      got.emplace().error = "test deadline passed";
    }
    return *got;
  }

  std::string dir_;
  boost::asio::io_context io_;
};

TEST_F(HttpClientTest, KeepsOneConnectionForManyRequests) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  const auto before = http::connection_counts();
  for (int i = 0; i < 5; ++i) {
    const Response r = fetch(c, "/file/ok.txt");
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.status, 200u);
    EXPECT_EQ(r.body, "hello\n");
  }
  EXPECT_EQ(http::connection_counts().connects - before.connects, 1u);
  EXPECT_EQ(peer.connections(), 1u);
  EXPECT_EQ(peer.requests(), std::vector<std::string>(5, "GET /file/ok.txt"));
}

TEST_F(HttpClientTest, HttpsWithTheDevicesCaShakesHandsOnce) {
  TestCa ca(dir_);
  HttpPeerProcess peer({dir_, "127.0.0.1", ca.issue("server", "IP:127.0.0.1")});
  ClientSettings s = settings_for(peer, true);
  s.tls.ca_file = ca.ca_file();
  Client c(io_.get_executor(), s);
  const auto before = http::connection_counts();
  for (int i = 0; i < 4; ++i) {
    const Response r = fetch(c, "/file/ok.txt");
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.body, "hello\n");
  }
  EXPECT_EQ(http::connection_counts().tls_handshakes - before.tls_handshakes, 1u);
}

TEST_F(HttpClientTest, TlsFailuresSayWhy) {
  TestCa ca(dir_);
  const auto tls_error = [&](const CertFiles& cert, const std::string& ca_file) {
    HttpPeerProcess peer({dir_, "127.0.0.1", cert});
    ClientSettings s = settings_for(peer, true);
    s.tls.ca_file = ca_file;
    Client c(io_.get_executor(), s);
    return fetch(c, "/file/ok.txt").error;
  };
  EXPECT_EQ(tls_error(ca.issue("expired", "IP:127.0.0.1", -1), ca.ca_file()),
            "TLS certificate rejected (expired): certificate has expired");
  EXPECT_EQ(tls_error(ca.issue("other-name", "DNS:pdu.example"), ca.ca_file()),
            "TLS certificate rejected (name mismatch): IP address mismatch");
  const std::string other_dir = dir_ + "/other";
  std::filesystem::create_directory(other_dir);
  TestCa other(other_dir);
  EXPECT_EQ(tls_error(ca.issue("server", "IP:127.0.0.1"), other.ca_file()),
            "TLS certificate rejected (unknown CA): unable to get local issuer certificate");
  EXPECT_EQ(tls_error(ca.issue("server", "IP:127.0.0.1"), dir_ + "/missing.pem").substr(0, 8), "CA file ");
}

TEST_F(HttpClientTest, VerifyFalseIsExplicitAndWarnedOnce) {
  TestCa ca(dir_);
  HttpPeerProcess peer({dir_, "127.0.0.1", ca.issue("server", "DNS:self-signed.example")});
  LogCapture log;
  ClientSettings s = settings_for(peer, true);
  s.tls.verify = false;
  Client c(io_.get_executor(), s);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(fetch(c, "/file/ok.txt").status, 200u);
  EXPECT_EQ(log.count("tls.verify is false"), 1u) << log.text();
}

TEST_F(HttpClientTest, RefusedSlowPartialAndOversizedRepliesAreErrors) {
  HttpPeerProcess peer({dir_});
  ClientSettings s = settings_for(peer);
  s.max_body_bytes = 1000;
  s.request_timeout = 1500ms;
  Client c(io_.get_executor(), s);
  EXPECT_EQ(fetch(c, "/big/1000").body.size(), 1000u);
  EXPECT_EQ(fetch(c, "/big/1001").error, "reply larger than the cap of 1000 bytes");
  for (int i = 0; i < 10; ++i) {
    // Far over the cap, so that much of it is in flight: Boost 1.74's
    // async_read alone let such replies through now and then.
    EXPECT_EQ(fetch(c, "/big/2000000").error, "reply larger than the cap of 1000 bytes") << i;
  }
  EXPECT_EQ(fetch(c, "/partial").error.substr(0, 40), "connection closed mid-reply (11 body byt");
  const Response slow = fetch(c, "/slow");
  EXPECT_EQ(slow.error.substr(0, 34), "no complete reply within 1500 ms (");
  EXPECT_GE(slow.took, 1400ms);
  // The poll's deadline bounds a request before its own timeout does.
  const Response bounded = fetch(c, "/slow", 500ms);
  EXPECT_NE(bounded.error.find("no complete reply"), std::string::npos);
  EXPECT_LT(bounded.took, 1400ms);
  EXPECT_EQ(fetch(c, "/file/ok.txt").body, "hello\n");  // a new connection after the failures

  ClientSettings dead = s;
  dead.port = static_cast<std::uint16_t>(free_port());
  Client refused(io_.get_executor(), dead);
  EXPECT_EQ(fetch(refused, "/file/ok.txt").error, "connect: Connection refused");
  ClientSettings named = s;
  named.host = "bmc.example";  // never resolved: the loop must not wait for DNS
  Client unresolved(io_.get_executor(), named);
  EXPECT_EQ(fetch(unresolved, "/file/ok.txt").error, "host bmc.example is not an IP address");
}

TEST_F(HttpClientTest, StatusesComeBackAsTheyAre) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  for (unsigned status : {404u, 403u, 500u, 503u}) {
    const Response r = fetch(c, "/status/" + std::to_string(status));
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.status, status);
  }
  EXPECT_EQ(peer.connections(), 1u);  // an error status keeps the connection
}

TEST_F(HttpClientTest, RedirectsOnlyToTheSameHost) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  const Response same = fetch(c, "/redirect/same");
  EXPECT_EQ(same.body, "hello\n");
  EXPECT_EQ(same.target, "/file/ok.txt");
  EXPECT_EQ(fetch(c, "/redirect/absolute").body, "hello\n");
  EXPECT_EQ(fetch(c, "/redirect/other").error,
            "redirect to another host refused: http://127.0.0.2:" + std::to_string(peer.port()) + "/file/ok.txt");
  EXPECT_EQ(fetch(c, "/redirect/loop").error, "more than 3 redirects");
  for (const std::string& r : peer.requests()) EXPECT_EQ(r.substr(0, 4), "GET ");
}

TEST_F(HttpClientTest, PostAndDeleteCarryTheirBodyAndHeadersAndAreNotRedirected) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  const Response posted = send(c, {http::Method::Post, "/echo", R"({"UserName":"ops"})", "application/json"});
  ASSERT_EQ(posted.error, "");
  EXPECT_EQ(posted.body, R"(POST application/json None {"UserName":"ops"})");
  EXPECT_EQ(posted.header("x-echo"), "yes");
  EXPECT_EQ(posted.header("X-Absent"), "");
  const Response deleted = send(c, {http::Method::Delete, "/echo", "", "", {{"X-Token", "t0k"}}});
  EXPECT_EQ(deleted.body, "DELETE None t0k ");
  // A GET after them sends no header of theirs.
  EXPECT_EQ(fetch(c, "/echo").body, "GET None None ");
  const Response moved = send(c, {http::Method::Post, "/redirect/same", "{}", "application/json"});
  EXPECT_EQ(moved.status, 302u);
  EXPECT_EQ(peer.requests(), (std::vector<std::string>{"POST /echo", "DELETE /echo", "GET /echo", "POST /redirect/same"}));
  EXPECT_EQ(peer.connections(), 1u);
}

TEST_F(HttpClientTest, BasicAuthFromTheSettingsNeverInTheLog) {
  std::ofstream(dir_ + "/password") << "s3cret-pw\n";
  HttpPeerProcess peer({dir_, "127.0.0.1", std::nullopt, "metrics", dir_ + "/password"});
  LogCapture log;
  ClientSettings s = settings_for(peer);
  s.basic_auth = http::BasicAuth{"metrics", "s3cret-pw"};
  Client c(io_.get_executor(), s);
  EXPECT_EQ(fetch(c, "/auth/ok.txt").body, "hello\n");
  s.basic_auth->password = "wrong";
  Client wrong(io_.get_executor(), s);
  const Response r = fetch(wrong, "/auth/ok.txt");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(log.text().find("s3cret"), std::string::npos);
}

TEST_F(HttpClientTest, AServerThatClosesGetsANewConnection) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  EXPECT_EQ(fetch(c, "/close").body, "closing");
  EXPECT_EQ(fetch(c, "/file/ok.txt").body, "hello\n");
  EXPECT_EQ(peer.connections(), 2u);
}

TEST_F(HttpClientTest, AKeptConnectionTheServerClosedWhileIdleIsReplaced) {
  HttpPeerOptions o{dir_};
  o.idle_timeout_s = 0.3;
  HttpPeerProcess peer(o);
  Client c(io_.get_executor(), settings_for(peer));
  EXPECT_EQ(fetch(c, "/file/ok.txt").body, "hello\n");
  ASSERT_TRUE(peer.wait_for_log("closed 1"));
  const Response again = fetch(c, "/file/ok.txt");
  EXPECT_EQ(again.error, "");
  EXPECT_EQ(again.body, "hello\n");
  EXPECT_EQ(peer.connections(), 2u);
}

TEST_F(HttpClientTest, CancelForgetsTheCallback) {
  HttpPeerProcess peer({dir_});
  Client c(io_.get_executor(), settings_for(peer));
  bool called = false;
  c.get("/slow", http::Clock::now() + 10s, [&](Response) { called = true; });
  io_.restart();
  // Until the peer has the request: the slow body then trickles for 100 s.
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (peer.requests().empty() && std::chrono::steady_clock::now() < until) io_.run_for(20ms);
  ASSERT_EQ(peer.requests(), std::vector<std::string>{"GET /slow"});
  c.cancel();
  // The next request runs the loop past whatever the cancelled one left queued.
  EXPECT_EQ(fetch(c, "/file/ok.txt").body, "hello\n");
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace sitepower::test
