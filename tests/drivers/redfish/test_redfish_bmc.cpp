// The redfish driver against the HTTPS BMC simulator (peer/redfish_sim.py):
// every vendor's tree, one session and one kept connection, exact values, and
// every fault the issue names with its reason and one log line per change:
// TLS (expired, unknown CA, name mismatch), 401/403/404/5xx, slow and cut-off
// bodies, invalid JSON, missing and null properties, a BMC that resets its
// sessions, resources that move; and the closed set of requests it sends.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "driver_harness.h"
#include "log_capture.h"
#include "redfish_driver.h"
#include "redfish_sim_process.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class RedfishBmcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-redfish");
    std::ofstream(dir_ + "/password") << "calvin\n";
    std::ofstream(dir_ + "/wrong") << "hobbes\n";
    ca_.emplace(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RedfishSimOptions sim_options(std::vector<RedfishBmc> servers) {
    return {.dir = dir_, .servers = std::move(servers), .tls = ca_->issue("bmc", "IP:127.0.0.1"), .user = "root",
            .password_file = dir_ + "/password"};
  }
  // The device `name` of `sim`, with the BMC's credentials unless `extra` gives its own.
  std::unique_ptr<Driver> driver(const RedfishSimProcess& sim, const std::string& name, const std::string& extra = "") {
    const std::string credentials =
        extra.find("password_file") == std::string::npos ? ", user: root, password_file: password" : "";
    return make_driver(redfish_driver_kind(),
                       "{host: 127.0.0.1, port: " + std::to_string(sim.port(name)) + ", tls: {ca_file: ca.pem}" +
                           credentials + (extra.empty() ? "" : ", " + extra) + "}",
                       dir_, name, 4s, io_);
  }
  PollResult poll(Driver& d) { return poll_bounded(io_, d, 20s); }

  std::string dir_;
  std::optional<TestCa> ca_;
  boost::asio::io_context io_;
};

std::string dgx_state(const std::string& extra = "") {
  return R"({"dgx-01": {"chassis_w": 7900, "gpu_w": [700, 700, 700, 700, 700, 700, 700, 700],
                        "psu_w": [1350, 1350, 1350, 1350, 1350, 1350], "psu_kwh": [10, 10, 10, 10, 10, 10])" +
         extra + "}}";
}

TEST_F(RedfishBmcTest, ADgxOverHttpsWithOneSessionAndOneConnection) {
  RedfishSimProcess sim(sim_options({{"dgx", "dgx-01"}}));
  sim.set_state(dgx_state());
  LogCapture log;
  auto d = driver(sim, "dgx-01");
  for (int i = 0; i < 3; ++i) {
    const PollResult r = poll(*d);
    ASSERT_EQ(r.error, "");
    EXPECT_DOUBLE_EQ(find_reading(r, "chassis", "power")->value, 7900);
    EXPECT_DOUBLE_EQ(find_reading(r, "gpu7", "power")->value, 700);
    EXPECT_DOUBLE_EQ(find_reading(r, "psu5", "power")->value, 1350);
    EXPECT_DOUBLE_EQ(find_reading(r, "psu5", "energy_import")->value, 10000);
    EXPECT_EQ(find_reading(r, "psu5", "power")->label, "PSU5");
    const Reading* gpus = find_reading(r, "server", "gpu_power");
    ASSERT_NE(gpus, nullptr);
    EXPECT_DOUBLE_EQ(gpus->value, 5600);
    EXPECT_TRUE(gpus->rollup);
    EXPECT_DOUBLE_EQ(find_reading(r, "server", "non_gpu_power")->value, 2300);
    for (const Reading& x : r.readings) EXPECT_EQ(x.quality, Quality::Good) << x.channel << "/" << x.quantity;
  }
  EXPECT_EQ(sim.connections("dgx-01"), 1u);
  const auto requests = sim.requests("dgx-01");
  EXPECT_EQ(requests.front(), "GET /redfish/v1 auth=none");
  EXPECT_EQ(std::count(requests.begin(), requests.end(), "POST /redfish/v1/SessionService/Sessions auth=none"), 1);
  EXPECT_EQ(log.count("profile dgx, 15 resources per poll"), 1u) << log.text();
  EXPECT_EQ(log.count("logged in"), 1u) << log.text();
  EXPECT_EQ(log.text().find("calvin"), std::string::npos);
}

TEST_F(RedfishBmcTest, EveryVendorsTreeGivesItsPower) {
  RedfishSimProcess sim(sim_options({{"idrac", "r760"}, {"ilo6", "dl380"}, {"ilo5", "dl360"},
                                     {"supermicro", "smc"}, {"dmtf", "generic"}, {"pdu", "pdu"}}));
  sim.set_state(R"({"r760": {"chassis_w": 610}, "dl380": {"chassis_w": 620}, "dl360": {"chassis_w": 630},
                    "smc": {"chassis_w": 640}, "generic": {"chassis_w": 650},
                    "pdu": {"outlet_w": [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]}})");
  for (const auto& [name, watts] : {std::pair{"r760", 610}, std::pair{"dl380", 620}, std::pair{"dl360", 630},
                                    std::pair{"smc", 640}, std::pair{"generic", 650}}) {
    SCOPED_TRACE(name);
    const PollResult r = poll(*driver(sim, name));
    ASSERT_EQ(r.error, "");
    EXPECT_DOUBLE_EQ(find_reading(r, "chassis", "power")->value, watts);
    EXPECT_EQ(find_reading(r, "chassis", "power")->quality, Quality::Good);
    EXPECT_NE(find_reading(r, "psu1", "power"), nullptr);
    EXPECT_EQ(find_reading(r, "server", "gpu_power"), nullptr);  // no GPU chassis: no GPU figure
  }
  // iLO 5 has only the legacy Power resource: chassis and PSUs in one GET a poll.
  const auto before = sim.requests("dl360").size();
  auto ilo5 = driver(sim, "dl360");
  poll(*ilo5);
  const auto walked = sim.requests("dl360").size();
  poll(*ilo5);
  EXPECT_EQ(sim.requests("dl360").size() - walked, 1u);
  EXPECT_EQ(sim.requests("dl360").back(), "GET /redfish/v1/Chassis/1/Power auth=token");
  EXPECT_GT(walked, before);

  const PollResult pdu = poll(*driver(sim, "pdu", "auth: basic"));
  ASSERT_EQ(pdu.error, "");
  EXPECT_DOUBLE_EQ(find_reading(pdu, "total", "power")->value, 7800);
  EXPECT_DOUBLE_EQ(find_reading(pdu, "outlet12", "power")->value, 1200);
  EXPECT_EQ(find_reading(pdu, "outlet12", "power")->label, "gpu-srv-12");
  EXPECT_NE(find_reading(pdu, "outlet1", "current"), nullptr);
  EXPECT_NE(find_reading(pdu, "outlet1", "voltage"), nullptr);
  for (const std::string& r : sim.requests("pdu")) EXPECT_TRUE(r.ends_with(" auth=basic") || r.ends_with("v1 auth=basic")) << r;
}

TEST_F(RedfishBmcTest, BadPropertiesAndFailedResourcesAreBadReadingsOthersGoOn) {
  RedfishSimProcess sim(sim_options({{"dgx", "dgx-01"}}));
  sim.set_state(dgx_state());
  LogCapture log;
  auto d = driver(sim, "dgx-01");
  ASSERT_EQ(poll(*d).error, "");
  const std::string env = "/redfish/v1/Chassis/DGX/EnvironmentMetrics";
  const auto chassis = [&](const std::string& fault) {
    sim.set_state(dgx_state(R"(, "fault": ")" + fault + R"(", "fault_path": ")" + env + R"(")"));
    const PollResult r = poll(*d);
    EXPECT_EQ(r.error, "");
    EXPECT_DOUBLE_EQ(find_reading(r, "gpu0", "power")->value, 700);  // the others go on
    EXPECT_EQ(find_reading(r, "server", "non_gpu_power")->quality, Quality::Bad);
    return *find_reading(r, "chassis", "power");
  };
  EXPECT_EQ(chassis("null_readings").error, env + " PowerWatts/Reading: null (not available)");
  EXPECT_EQ(chassis("missing_properties").error, env + " PowerWatts/Reading: missing");
  EXPECT_EQ(chassis("invalid_json").error.rfind(env + ": not JSON (offset ", 0), 0u);
  EXPECT_EQ(chassis("status:403").error, env + ": HTTP 403: user root may not read it (a read-only role is enough)");
  EXPECT_EQ(chassis("status:500").error, env + ": HTTP 500: the BMC failed (server error)");
  EXPECT_EQ(chassis("status:500").quality, Quality::Bad);
  // One GPU's resource fails: its sum is PARTIAL, the sum of the seven others.
  sim.set_state(dgx_state(R"(, "fault": "status:503", "fault_path": "/redfish/v1/Chassis/HGX_GPU_SXM_4")"));
  const PollResult r = poll(*d);
  EXPECT_EQ(find_reading(r, "gpu3", "power")->quality, Quality::Bad);
  EXPECT_EQ(find_reading(r, "server", "gpu_power")->quality, Quality::Partial);
  EXPECT_DOUBLE_EQ(find_reading(r, "server", "gpu_power")->value, 4900);
  sim.set_state(dgx_state());
  for (const Reading& x : poll(*d).readings) EXPECT_EQ(x.quality, Quality::Good) << x.channel;
  // Six changes of state, each logged once (status:500 twice is one).
  EXPECT_EQ(log.count("readings not good"), 6u) << log.text();
  EXPECT_EQ(log.count("every reading good"), 1u) << log.text();
}

TEST_F(RedfishBmcTest, SlowAndCutOffBodiesSpoilOnlyTheirResource) {
  RedfishSimProcess sim(sim_options({{"dgx", "dgx-01"}}));
  sim.set_state(dgx_state());
  auto d = driver(sim, "dgx-01", "request_timeout_s: 0.5");
  ASSERT_EQ(poll(*d).error, "");
  const std::string psu = "/redfish/v1/Chassis/DGX/PowerSubsystem/PowerSupplies/PSU2/Metrics";
  for (const std::string fault : {"slow", "partial"}) {
    SCOPED_TRACE(fault);
    sim.set_state(dgx_state(R"(, "fault": ")" + fault + R"(", "fault_path": ")" + psu + R"(")"));
    const PollResult r = poll(*d);
    ASSERT_EQ(r.error, "");
    const Reading* bad = find_reading(r, "psu2", "power");
    EXPECT_EQ(bad->quality, Quality::Bad);
    EXPECT_EQ(bad->error.rfind(psu + ": " + (fault == "slow" ? "no complete reply within 500 ms" : "connection closed mid-reply"), 0), 0u) << bad->error;
    EXPECT_DOUBLE_EQ(find_reading(r, "chassis", "power")->value, 7900);
    EXPECT_DOUBLE_EQ(find_reading(r, "psu3", "power")->value, 1350);  // read after, on a new connection
  }
}

TEST_F(RedfishBmcTest, ASessionTheBmcEndsIsRenewedOnceAndLoggedOnce) {
  RedfishSimProcess sim(sim_options({{"dgx", "dgx-01"}}));
  sim.set_state(dgx_state());
  LogCapture log;
  auto d = driver(sim, "dgx-01");
  ASSERT_EQ(poll(*d).error, "");
  for (int epoch = 1; epoch <= 2; ++epoch) {
    sim.set_state(dgx_state(R"(, "session_epoch": )" + std::to_string(epoch)));
    const PollResult r = poll(*d);
    ASSERT_EQ(r.error, "");
    EXPECT_DOUBLE_EQ(find_reading(r, "chassis", "power")->value, 7900);
    EXPECT_EQ(find_reading(r, "chassis", "power")->quality, Quality::Good);
  }
  const auto requests = sim.requests("dgx-01");
  EXPECT_EQ(std::count(requests.begin(), requests.end(), "POST /redfish/v1/SessionService/Sessions auth=none"), 3);
  EXPECT_EQ(log.count("refused the session (expired or reset): logged in again"), 1u) << log.text();
}

TEST_F(RedfishBmcTest, CredentialsRefusedSayWho) {
  RedfishSimProcess sim(sim_options({{"idrac", "r760"}}));
  EXPECT_EQ(poll(*driver(sim, "r760", "user: root, password_file: wrong")).error,
            "login refused (HTTP 401) for user root: check user and password_file");
  EXPECT_EQ(poll(*driver(sim, "r760", "user: root, password_file: wrong, auth: basic")).error, "HTTP 401: the BMC refused user root");
  const PollResult anonymous = poll(*make_driver(redfish_driver_kind(),
                                                 "{host: 127.0.0.1, port: " + std::to_string(sim.port("r760")) +
                                                     ", tls: {ca_file: ca.pem}}",
                                                 dir_, "r760", 4s, io_));
  EXPECT_EQ(anonymous.error, "HTTP 401: the BMC wants credentials (user, password_file)");
  EXPECT_EQ(poll(*driver(sim, "r760")).error, "");
}

TEST_F(RedfishBmcTest, MovedResourcesAreFoundAgainAfterA404) {
  RedfishSimProcess sim(sim_options({{"idrac", "r760"}}));
  sim.set_state(R"({"r760": {"chassis_w": 610}})");
  LogCapture log;
  auto d = driver(sim, "r760");
  ASSERT_DOUBLE_EQ(find_reading(poll(*d), "chassis", "power")->value, 610);
  sim.set_state(R"({"r760": {"chassis_w": 610, "fault": "moved"}})");
  const PollResult gone = poll(*d);
  EXPECT_EQ(find_reading(gone, "chassis", "power")->error,
            "/redfish/v1/Chassis/System.Embedded.1/EnvironmentMetrics: HTTP 404: gone (the tree is walked again next poll)");
  const PollResult found = poll(*d);
  ASSERT_EQ(found.error, "");
  EXPECT_DOUBLE_EQ(find_reading(found, "chassis", "power")->value, 610);
  EXPECT_EQ(find_reading(found, "chassis", "power")->quality, Quality::Good);
  EXPECT_EQ(sim.requests("r760").back().find("System.Embedded.2"), std::string("GET /redfish/v1/Chassis/").size());
  EXPECT_EQ(log.count("resources per poll"), 2u) << log.text();
}

TEST_F(RedfishBmcTest, TlsAndTransportFailuresFailThePollWithWhy) {
  const auto error_with = [&](const CertFiles& cert, const std::string& extra = "") {
    RedfishSimOptions o = sim_options({{"idrac", "r760"}});
    o.tls = cert;
    RedfishSimProcess sim(o);
    return poll(*driver(sim, "r760", extra)).error;
  };
  EXPECT_EQ(error_with(ca_->issue("expired", "IP:127.0.0.1", -1)),
            "TLS certificate rejected (expired): certificate has expired");
  EXPECT_EQ(error_with(ca_->issue("other-name", "IP:127.0.0.9")),
            "TLS certificate rejected (name mismatch): IP address mismatch");
  std::filesystem::create_directory(dir_ + "/stranger");
  TestCa stranger(dir_ + "/stranger");
  EXPECT_EQ(error_with(stranger.issue("stranger", "IP:127.0.0.1")),
            "TLS certificate rejected (unknown CA): unable to get local issuer certificate");
  const PollResult refused = poll(*make_driver(redfish_driver_kind(),
                                               "{host: 127.0.0.1, port: " + std::to_string(free_port()) + "}", dir_,
                                               "gone", 2s, io_));
  EXPECT_EQ(refused.error, "connect: Connection refused");
}

TEST_F(RedfishBmcTest, SendsOnlyGetsOfItsTreeAndTheLogin) {
  // Whatever the BMC does (faults, resets, moves), the driver sends GETs of
  // /redfish/v1 and what its links lead to, and POSTs to the sessions
  // collection: nothing that could change the BMC.
  RedfishSimProcess sim(sim_options({{"dgx", "dgx-01"}}));
  auto d = driver(sim, "dgx-01", "request_timeout_s: 0.3");
  for (const std::string& state : {std::string(R"("fault": "none")"), std::string(R"("fault": "status:500")"),
                                   std::string(R"("session_epoch": 1)"), std::string(R"("fault": "moved")"),
                                   std::string(R"("fault": "partial")"), std::string(R"("fault": "none")")}) {
    sim.set_state(R"({"dgx-01": {)" + state + "}}");
    poll(*d);
  }
  const auto requests = sim.requests("dgx-01");
  ASSERT_GT(requests.size(), 50u);
  for (const std::string& r : requests) {
    const bool get = r.starts_with("GET /redfish/v1");
    const bool login = r == "POST /redfish/v1/SessionService/Sessions auth=none";
    EXPECT_TRUE(get || login) << r;
  }
}

}  // namespace
}  // namespace sitepower::test
