// The simulator's C++ handle (redfish_sim_process.h) as the driver's tests
// use it: BMCs by name, exact values through the state file, the requests
// and connections each BMC saw, over https with a test CA and Basic auth,
// fetched by the agent's own HTTP client.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <optional>

#include "http_client.h"
#include "redfish_sim_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class RedfishSimProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-redfish-sim");
    std::ofstream(dir_ + "/password") << "calvin\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  http::Response fetch(const RedfishSimProcess& sim, const std::string& name, const TestCa& ca,
                       const std::string& target) {
    http::ClientSettings s;
    s.log_name = name;
    s.https = true;
    s.host = "127.0.0.1";
    s.port = static_cast<std::uint16_t>(sim.port(name));
    s.tls.ca_file = ca.ca_file();
    s.basic_auth = http::BasicAuth{"root", "calvin"};
    s.request_timeout = 5s;
    http::Client client(io_.get_executor(), s);
    std::optional<http::Response> got;
    client.get(target, http::Clock::now() + 10s, [&](http::Response r) { got = std::move(r); });
    const auto end = std::chrono::steady_clock::now() + 20s;
    while (!got && io_.run_one_until(end)) {
    }
    if (!got) got.emplace().error = "test deadline passed";
    return *got;
  }

  std::string dir_;
  boost::asio::io_context io_;
};

TEST_F(RedfishSimProcessTest, ServesEachBmcByNameWithTheStateFilesValues) {
  const TestCa ca(dir_);
  const RedfishSimProcess sim({.dir = dir_,
                               .servers = {{"dgx", "dgx-01"}, {"pdu", "pdu-1"}},
                               .tls = ca.issue("bmc", "IP:127.0.0.1"),
                               .user = "root",
                               .password_file = dir_ + "/password"});
  EXPECT_NE(sim.port("dgx-01"), sim.port("pdu-1"));
  EXPECT_THROW(sim.port("dgx-02"), std::invalid_argument);

  sim.set_state(R"({"dgx-01": {"chassis_w": 7900}})");
  const auto reply = fetch(sim, "dgx-01", ca, "/redfish/v1/Chassis/DGX/EnvironmentMetrics");
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_NE(reply.body.find(R"("PowerWatts": {"Reading": 7900,)"), std::string::npos) << reply.body;

  EXPECT_EQ(sim.requests("dgx-01"),
            std::vector<std::string>{"GET /redfish/v1/Chassis/DGX/EnvironmentMetrics auth=basic"});
  EXPECT_EQ(sim.connections("dgx-01"), 1u);
  EXPECT_TRUE(sim.requests("pdu-1").empty());
  EXPECT_EQ(sim.connections("pdu-1"), 0u);
}

}  // namespace
}  // namespace sitepower::test
