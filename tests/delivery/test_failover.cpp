// Scenario (c) of issue 4: two secured brokers; the primary is stopped, the
// agent moves to the secondary; then the secondary is stopped and it moves
// back. Nothing is lost, and each broker's retained status is ONLINE while
// the agent is connected to it.
#include "delivery_fixture.h"
#include "sitepower/v1/status.pb.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

bool retained_online(const std::string& uri) {
  Subscriber probe(uri, "sitepower/v1/itest/ctrl-t/status");
  return probe.wait_until([](const auto& m) {
    v1::Status s;
    return !m.empty() && m.back().retained && s.ParseFromString(m.back().payload) && s.state() == v1::Status::STATE_ONLINE;
  }, 10s);
}

TEST_F(DeliveryFixture, PrimaryStoppedAgentMovesToSecondaryAndBackWithoutLoss) {
  auto primary = start_secure_broker();
  auto secondary = start_secure_broker();
  Subscriber on_primary(primary.broker->uri(), kFilter, true);
  Subscriber on_secondary(secondary.broker->uri(), kFilter, true);
  start_agent(write_agent_config(std::vector<std::string>{primary.tls_uri(), secondary.tls_uri()}));
  ASSERT_TRUE(on_primary.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();

  primary.broker->stop();
  ASSERT_TRUE(on_secondary.wait_until([](const auto& m) { return audit(m).received >= 10; }, 30s)) << agent_log();
  EXPECT_TRUE(retained_online(secondary.broker->uri()));

  restart_broker_for(primary, on_primary);
  const std::uint64_t on_secondary_so_far = audit(on_secondary.messages()).received;
  secondary.broker->stop();
  ASSERT_TRUE(on_primary.wait_until([&](const auto& m) {
    const auto a = audit(m);
    return a.max_sequence(a.boots.empty() ? "" : a.boots[0]) > on_secondary_so_far + 15;
  }, 30s)) << agent_log();
  EXPECT_TRUE(retained_online(primary.broker->uri()));
  restart_broker_for(secondary, on_secondary);  // its queued messages for our persistent subscriber come through

  auto all = [&] {
    auto m = on_primary.messages();
    const auto s = on_secondary.messages();
    m.insert(m.end(), s.begin(), s.end());
    return m;
  };
  // The union of both subscribers, looked at again on each new message.
  DeliveryAudit a;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!nothing_lost(a = audit(all())) && std::chrono::steady_clock::now() < deadline) {
    on_secondary.wait_until([n = on_secondary.messages().size()](const auto& m) { return m.size() > n; }, 200ms);
  }
  EXPECT_TRUE(nothing_lost(a)) << agent_log();
  EXPECT_NE(agent_log().find("connected to " + secondary.tls_uri()), std::string::npos) << agent_log();
}

}  // namespace
}  // namespace sitepower::test
