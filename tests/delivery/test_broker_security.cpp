// Scenario (e) of issue 4: a wrong CA, a wrong password and an ACL denial are
// each a clear error in the agent's log, and once fixed every message held in
// the outbox arrives. Also `sitepower-tail --check` on a real stream.
#include <signal.h>

#include <fstream>

#include "delivery_fixture.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// After the fix and a restart on the same state directory: the first boot's
// cycles, held while the broker refused the agent, and the second's, all whole.
bool both_boots_whole(Subscriber& sub) {
  return sub.wait_until([](const auto& m) {
    const auto a = audit(m);
    return a.boots.size() == 2 && a.max_sequence(a.boots[0]) >= 10 && a.max_sequence(a.boots[1]) >= 5 && nothing_lost(a);
  }, 30s);
}

TEST_F(DeliveryFixture, WrongCaIsAClearErrorAndNothingIsLost) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  AgentSetup wrong_ca = setup({site.tls_uri()});
  wrong_ca.ca_file = pki_->other_ca_cert;
  start_agent(write_agent_config(wrong_ca));
  ASSERT_TRUE(agent_->wait_for_output("TLS handshake with", 20s)) << agent_log();
  EXPECT_NE(agent_log().find("certificate verify failed"), std::string::npos) << agent_log();
  EXPECT_NE(agent_log().find("check mqtt.tls.ca_file"), std::string::npos);
  ASSERT_TRUE(agent_->wait_for_output("failed again", 20s)) << "held while retrying: " << agent_log();
  restart_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  EXPECT_TRUE(both_boots_whole(sub)) << audit(sub.messages()).check.report() << agent_log();
}

TEST_F(DeliveryFixture, WrongPasswordIsAClearErrorNeverLoggedAndNothingIsLost) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  AgentSetup wrong_password = setup({site.tls_uri()});
  wrong_password.password = "wrong-horse";
  start_agent(write_agent_config(wrong_password));
  ASSERT_TRUE(agent_->wait_for_output("not authorized for user 'agent' (check mqtt.username and mqtt.password_file", 20s))
      << agent_log();
  ASSERT_TRUE(agent_->wait_for_output("failed again", 20s)) << agent_log();
  restart_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  EXPECT_TRUE(both_boots_whole(sub)) << audit(sub.messages()).check.report() << agent_log();
  EXPECT_EQ(agent_log().find("wrong-horse"), std::string::npos);
  EXPECT_EQ(agent_log().find("agent-secret"), std::string::npos);
}

TEST_F(DeliveryFixture, AclDenialIsAClearErrorAndTheMessagesStayUntilAllowed) {
  // Status and inventory allowed, telemetry not: MQTT 5 reports the refusal in the PUBACK.
  write_agent_acl("topic write sitepower/v1/itest/ctrl-t/status\ntopic write sitepower/v1/itest/ctrl-t/inventory\n");
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(agent_->wait_for_output("not authorized (0x87)", 20s)) << agent_log();
  EXPECT_NE(agent_log().find("it stays in the outbox"), std::string::npos);
  // Every cycle is refused (the debug line says so), the error is logged once.
  ASSERT_TRUE(agent_->wait_for_output("message 10 not accepted either", 20s)) << agent_log();
  EXPECT_EQ(count_of(agent_log(), "[error] mqtt: " + site.tls_uri() + " did not accept message"), 1u) << agent_log();
  EXPECT_EQ(audit(sub.messages()).received, 0u) << "the ACL let telemetry through";

  // Allowed now; the restarted agent finds the refused messages in its outbox.
  write_agent_acl("topic write sitepower/v1/itest/#\n");
  site.broker->reload();
  restart_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  EXPECT_TRUE(both_boots_whole(sub)) << audit(sub.messages()).check.report() << agent_log();
}

TEST_F(DeliveryFixture, Mqtt311OverTlsWithPasswordDeliversEveryCycle) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter);
  AgentSetup v311 = setup({site.tls_uri()});
  v311.protocol = "3.1.1";
  start_agent(write_agent_config(v311));
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto a = audit(m);
    return !a.boots.empty() && a.max_sequence(a.boots[0]) >= 10 && nothing_lost(a);
  }, 20s)) << audit(sub.messages()).check.report() << agent_log();
  EXPECT_NE(agent_log().find("(MQTT 3.1.1, TLS, user agent)"), std::string::npos) << agent_log();
  EXPECT_NE(agent_log().find("[warning] mqtt: MQTT 3.1.1: a broker that denies a publish (ACL) still acknowledges it"),
            std::string::npos) << agent_log();
}

TEST_F(DeliveryFixture, MissingCertificateFileIsAStartupError) {
  AgentSetup s = setup({"ssl://127.0.0.1:1"});
  s.ca_file = dir_ + "/no-such-ca.crt";
  start_agent(write_agent_config(s));
  EXPECT_EQ(agent_->wait(10s), 1);
  EXPECT_NE(agent_log().find("mqtt.tls.ca_file: expected a readable file"), std::string::npos) << agent_log();
}

TEST_F(DeliveryFixture, TailCheckOverTlsFindsTheAgentsStreamWhole) {
  auto site = start_secure_broker();
  std::ofstream(dir_ + "/central.pass") << "central-secret\n";
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", site.tls_uri(), "--ca-file", pki_->ca_cert,
                     "--cert-file", pki_->client_cert, "--key-file", pki_->client_key, "--username", "central",
                     "--password-file", dir_ + "/central.pass", "--topic", kFilter, "--check", "--count", "20"},
                    dir_ + "/tail.log");
  ASSERT_TRUE(tail.wait_for_output("subscribed", 10s)) << tail.output();
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  EXPECT_EQ(tail.wait(30s), 0) << tail.output() << agent_log();
  EXPECT_NE(tail.output().find("20 received, 20 unique"), std::string::npos) << tail.output();
  EXPECT_NE(tail.output().find("total: 1 streams, 0 missing, 0 duplicates"), std::string::npos) << tail.output();
}

TEST_F(DeliveryFixture, TailCheckReportsGapsAndDuplicates) {
  MosquittoBroker broker;
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", broker.uri(), "--check", "--count", "5"},
                    dir_ + "/tail.log");
  ASSERT_TRUE(tail.wait_for_output("subscribed", 10s)) << tail.output();
  mqtt::async_client pub(broker.uri(), "test-pub", nullptr);
  pub.connect()->wait();
  for (std::uint64_t seq : {1, 2, 2, 4, 5}) {
    v1::Telemetry t;
    t.mutable_origin()->set_agent_id("ctrl-t");
    t.mutable_origin()->set_boot_id("b1");
    t.mutable_origin()->set_sequence(seq);
    pub.publish("sitepower/v1/itest/ctrl-t/telemetry", t.SerializeAsString(), 1, false)->wait();
  }
  pub.disconnect()->wait();
  EXPECT_EQ(tail.wait(10s), 1) << "a gap must fail the check: " << tail.output();
  EXPECT_NE(tail.output().find("gap: 3..3 (1 missing)"), std::string::npos) << tail.output();
  EXPECT_NE(tail.output().find("1 duplicates"), std::string::npos) << tail.output();
}

}  // namespace
}  // namespace sitepower::test
