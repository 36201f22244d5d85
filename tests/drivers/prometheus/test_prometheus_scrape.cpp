// The prometheus driver against a real HTTP(S) endpoint (the shared peer,
// tests/drivers/http/peer/http_peer.py) serving dcgm-exporter-shaped text:
// readings, one kept connection, every fault with its reason and one log line
// per change of which readings are bad, TLS, and the closed request set.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "dcgm_exposition.h"
#include "driver_harness.h"
#include "http_peer_process.h"
#include "log_capture.h"
#include "prometheus_driver.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class PrometheusScrapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-prom");
    serve(dcgm_exposition({}));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void serve(const std::string& text) {
    std::ofstream(dir_ + "/metrics.tmp") << text;
    std::filesystem::rename(dir_ + "/metrics.tmp", dir_ + "/metrics");  // the peer never reads half a file
  }
  std::unique_ptr<Driver> driver(const HttpPeerProcess& peer, const std::string& extra) {
    return make_driver(prometheus_driver_kind(),
                       "{host: 127.0.0.1, port: " + std::to_string(peer.port()) + ", profile: dcgm-exporter, " + extra + "}",
                       dir_, "dgx-07", 2s, io_);
  }
  PollResult poll(Driver& d) { return poll_bounded(io_, d, 10s); }

  std::string dir_;
  boost::asio::io_context io_;
};

TEST_F(PrometheusScrapeTest, DcgmGpusOverOneKeptConnection) {
  HttpPeerProcess peer({dir_});
  auto d = driver(peer, "path: /file/metrics");
  for (int i = 0; i < 3; ++i) {
    const PollResult r = poll(*d);
    ASSERT_EQ(r.error, "");
    EXPECT_EQ(r.readings.size(), 18u);
    EXPECT_DOUBLE_EQ(find_reading(r, "server", "gpu_power")->value, 5600);
    EXPECT_EQ(find_reading(r, "server", "gpu_power")->quality, Quality::Good);
    EXPECT_DOUBLE_EQ(find_reading(r, "gpu5", "power")->value, 695);
    EXPECT_DOUBLE_EQ(find_reading(r, "gpu5", "energy_import")->value, 1000);
  }
  EXPECT_EQ(peer.connections(), 1u);
}

TEST_F(PrometheusScrapeTest, FaultsFailWithTheirReasonAndLogOncePerChange) {
  HttpPeerProcess peer({dir_});
  LogCapture log;
  auto d = driver(peer, "path: /file/metrics");
  EXPECT_EQ(poll(*d).error, "");
  std::filesystem::remove(dir_ + "/metrics");
  EXPECT_EQ(poll(*d).error, "HTTP 404: no /file/metrics on the endpoint");
  EXPECT_EQ(poll(*d).error, "HTTP 404: no /file/metrics on the endpoint");
  serve("<html>maintenance</html>\n");
  EXPECT_EQ(poll(*d).error, "not the Prometheus text format (line 1: expected a metric name)");
  DcgmServer nan_gpu;
  nan_gpu.power_w[3] = NAN;
  serve(dcgm_exposition(nan_gpu));
  for (int i = 0; i < 2; ++i) {
    const PollResult r = poll(*d);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(find_reading(r, "gpu3", "power")->quality, Quality::Bad);
    EXPECT_EQ(find_reading(r, "server", "gpu_power")->quality, Quality::Partial);
  }
  serve(dcgm_exposition({}));
  EXPECT_EQ(find_reading(poll(*d), "server", "gpu_power")->quality, Quality::Good);
  EXPECT_EQ(log.count("2 readings not good, first gpu3/power bad: DCGM_FI_DEV_POWER_USAGE is nan"), 1u) << log.text();
  EXPECT_EQ(log.count("every reading good"), 1u) << log.text();
  EXPECT_EQ(log.count("prometheus dgx-07"), 2u) << log.text();  // failed scrapes are the core's to log
}

TEST_F(PrometheusScrapeTest, HttpFaultsSayWhat) {
  std::ofstream(dir_ + "/password") << "gpu-metrics-pw\n";
  HttpPeerProcess peer({dir_, "127.0.0.1", std::nullopt, "scraper", dir_ + "/password"});
  const auto error_of = [&](const std::string& extra) { return poll(*driver(peer, extra)).error; };
  EXPECT_EQ(error_of("path: /auth/metrics"), "HTTP 401: the endpoint wants credentials (user, password_file)");
  std::ofstream(dir_ + "/wrong") << "nope\n";
  EXPECT_EQ(error_of("path: /auth/metrics, user: scraper, password_file: wrong"), "HTTP 401: the endpoint refused user scraper");
  EXPECT_EQ(error_of("path: /auth/metrics, user: scraper, password_file: password"), "");
  EXPECT_EQ(error_of("path: /status/403"), "HTTP 403: the endpoint wants credentials (user, password_file)");
  EXPECT_EQ(error_of("path: /status/500"), "HTTP 500: the exporter failed (server error)");
  EXPECT_EQ(error_of("path: /status/503"), "HTTP 503: the exporter failed (server error)");
  EXPECT_EQ(error_of("path: /big/2000000, max_reply_kb: 1024"), "reply larger than the cap of 1048576 bytes");
  EXPECT_EQ(error_of("path: /partial").substr(0, 28), "connection closed mid-reply ");
  EXPECT_EQ(error_of("path: /slow").substr(0, 25), "no complete reply within ");
  const std::string refused = poll(*make_driver(prometheus_driver_kind(),
                                                "{host: 127.0.0.1, port: " + std::to_string(free_port()) + ", profile: dcgm-exporter}",
                                                dir_, "dgx-08", 2s, io_))
                                  .error;
  EXPECT_EQ(refused, "connect: Connection refused");
}

TEST_F(PrometheusScrapeTest, HttpsVerifiedWithTheDevicesCa) {
  TestCa ca(dir_);
  {
    HttpPeerProcess peer({dir_, "127.0.0.1", ca.issue("server", "IP:127.0.0.1")});
    auto d = driver(peer, "path: /file/metrics, scheme: https, tls: {ca_file: ca.pem}");
    EXPECT_DOUBLE_EQ(find_reading(poll(*d), "server", "gpu_power")->value, 5600);
  }
  HttpPeerProcess expired({dir_, "127.0.0.1", ca.issue("expired", "IP:127.0.0.1", -1)});
  LogCapture log;
  auto d = driver(expired, "path: /file/metrics, scheme: https, tls: {ca_file: ca.pem}");
  EXPECT_EQ(poll(*d).error, "TLS certificate rejected (expired): certificate has expired");
  auto unverified = driver(expired, "path: /file/metrics, scheme: https, tls: {verify: false}");
  EXPECT_EQ(poll(*unverified).error, "");
  EXPECT_EQ(poll(*unverified).error, "");
  EXPECT_EQ(log.count("tls.verify is false"), 1u) << log.text();
}

TEST_F(PrometheusScrapeTest, SendsOnlyGetOfItsPath) {
  // Whatever happens (answers, errors, redirects, timeouts), the driver sends
  // GET of its configured path and nothing else; a redirect's target is the
  // server's choice, on the same host.
  HttpPeerProcess peer({dir_});
  auto d = driver(peer, "path: /file/metrics");
  for (int i = 0; i < 2; ++i) poll(*d);
  std::filesystem::remove(dir_ + "/metrics");
  poll(*d);
  poll(*driver(peer, "path: /redirect/other"));
  poll(*driver(peer, "path: /partial"));
  const std::vector<std::string> requests = peer.requests();
  ASSERT_EQ(requests.size(), 5u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(requests[i], "GET /file/metrics");
  EXPECT_EQ(requests[3], "GET /redirect/other");
  EXPECT_EQ(requests[4], "GET /partial");
}

}  // namespace
}  // namespace sitepower::test
