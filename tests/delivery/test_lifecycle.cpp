// What the agent says and publishes around the edges of a run: a reload to
// another broker, a frozen event loop, the final status, a broker that takes
// the connection and never answers.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "delivery_fixture.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

std::vector<v1::Status> statuses(const std::vector<Received>& msgs) {
  std::vector<v1::Status> out;
  for (const auto& m : msgs) {
    v1::Status s;
    if (m.topic.ends_with("/status") && s.ParseFromString(m.payload)) out.push_back(s);
  }
  return out;
}

std::vector<v1::Telemetry> telemetry(const std::vector<Received>& msgs) {
  std::vector<v1::Telemetry> out;
  for (const auto& m : msgs) {
    v1::Telemetry t;
    if (m.topic.ends_with("/telemetry") && t.ParseFromString(m.payload)) out.push_back(t);
  }
  return out;
}

TEST_F(DeliveryFixture, ReloadToAnotherBrokerReconnectsThereAndKeepsItsSequences) {
  auto first = start_secure_broker();
  auto second = start_secure_broker();
  Subscriber on_first(first.broker->uri(), kFilter);
  Subscriber on_second(second.broker->uri(), kFilter);
  start_agent(write_agent_config(std::vector<std::string>{first.tls_uri()}));
  ASSERT_TRUE(on_first.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();

  write_agent_config(std::vector<std::string>{second.tls_uri()});
  agent_->signal(SIGHUP);
  ASSERT_TRUE(on_second.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();
  EXPECT_NE(agent_log().find("connected to " + second.tls_uri()), std::string::npos) << agent_log();

  // One boot across both brokers, its sequences running on without a restart or a gap.
  auto all = on_first.messages();
  const auto later = on_second.messages();
  all.insert(all.end(), later.begin(), later.end());
  const auto a = audit(all);
  ASSERT_EQ(a.boots.size(), 1u) << a.check.report();
  EXPECT_TRUE(nothing_lost(a)) << agent_log();
  EXPECT_GT(*a.sequences.at(a.boots[0]).begin(), 0u);
  const auto on_second_only = audit(later);
  EXPECT_GT(*on_second_only.sequences.at(a.boots[0]).begin(), 1u) << "telemetry restarted at 1 on the new broker";
  // The broker left behind holds a final OFFLINE status, not a stale ONLINE one.
  ASSERT_TRUE(on_first.wait_until([](const auto& m) {
    const auto s = statuses(m);
    return !s.empty() && s.back().state() == v1::Status::STATE_OFFLINE;
  }, 10s)) << agent_log();
  EXPECT_FALSE(statuses(on_first.messages()).back().last_will());
}

// Another site id is another stream: a new boot whose sequences start at 1,
// and the old stream ends with a final status naming its last sequence.
TEST_F(DeliveryFixture, ReloadToAnotherSiteIdStartsANewBoot) {
  write_agent_acl("topic write sitepower/v1/#\n");
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), "sitepower/v1/#");
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();

  AgentSetup moved = setup({site.tls_uri()});
  moved.site_id = "itest-moved";
  write_agent_config(moved);
  agent_->signal(SIGHUP);
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto a = audit(m);
    return a.boots.size() == 2 && a.max_sequence(a.boots[1]) >= 5;
  }, 20s)) << audit(sub.messages()).check.report() << agent_log();
  const auto a = audit(sub.messages());
  EXPECT_TRUE(nothing_lost(a)) << agent_log();  // both boots from 1, outbox ids without a gap

  std::vector<v1::Status> old_stream;
  for (const auto& m : sub.messages()) {
    v1::Status s;
    if (m.topic == "sitepower/v1/itest/ctrl-t/status" && s.ParseFromString(m.payload)) old_stream.push_back(s);
  }
  ASSERT_FALSE(old_stream.empty());
  EXPECT_EQ(old_stream.back().state(), v1::Status::STATE_OFFLINE);
  EXPECT_EQ(old_stream.back().origin().boot_id(), a.boots[0]);
  EXPECT_EQ(old_stream.back().last_telemetry_sequence(), a.max_sequence(a.boots[0]));
}

// A frozen loop (SIGSTOP: a box that stalled) must not make up for the lost
// time with a burst of identical cycles when it runs again.
TEST_F(DeliveryFixture, NoBurstOfCyclesAfterTheLoopStalled) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();
  agent_->signal(SIGSTOP);
  std::this_thread::sleep_for(2s);  // the stall itself: 20 cycles of 100 ms missed
  agent_->signal(SIGCONT);
  const std::size_t before = audit(sub.messages()).received;
  ASSERT_TRUE(sub.wait_until([&](const auto& m) { return audit(m).received >= before + 15; }, 20s)) << agent_log();

  auto cycles = telemetry(sub.messages());
  std::sort(cycles.begin(), cycles.end(),
            [](const auto& x, const auto& y) { return x.origin().sequence() < y.origin().sequence(); });
  std::int64_t closest = INT64_MAX;
  for (std::size_t i = 1; i < cycles.size(); ++i) {
    closest = std::min(closest, cycles[i].time_unix_ms() - cycles[i - 1].time_unix_ms());
  }
  EXPECT_GE(closest, 50) << "two cycles " << closest << " ms apart on a 100 ms interval: a burst";
  EXPECT_NE(agent_log().find("event loop stalled"), std::string::npos) << agent_log();
}

// SIGTERM: the final OFFLINE status says which telemetry sequence was the last.
TEST_F(DeliveryFixture, FinalStatusCarriesTheLastTelemetrySequence) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();
  agent_->signal(SIGTERM);
  ASSERT_EQ(agent_->wait(15s), 0) << agent_log();
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto s = statuses(m);
    return !s.empty() && s.back().state() == v1::Status::STATE_OFFLINE;
  }, 10s)) << agent_log();
  const auto final_status = statuses(sub.messages()).back();
  const auto a = audit(sub.messages());
  EXPECT_FALSE(final_status.last_will());
  EXPECT_GT(final_status.origin().sequence(), 0u);
  EXPECT_EQ(final_status.last_telemetry_sequence(), a.max_sequence(a.boots.at(0))) << a.check.report();
  // Capacity from the real message size: 64 MB over ~500-byte messages every 100 ms is a few hours.
  EXPECT_GT(final_status.outbox_capacity_hours(), 1.0);
  EXPECT_LT(final_status.outbox_capacity_hours(), 20.0);
  EXPECT_NE(agent_log().find("h of telemetry (64.0 MB at "), std::string::npos) << agent_log();
}

// A peer that accepts TCP and never speaks: say so, not "unreachable".
TEST_F(DeliveryFixture, ABrokerThatAcceptsAndNeverAnswersIsNamedAsSuch) {
  const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(silent, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(silent, 16), 0);  // the kernel completes connects; nobody ever reads
  socklen_t len = sizeof addr;
  ::getsockname(silent, reinterpret_cast<sockaddr*>(&addr), &len);
  const std::string uri = "ssl://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));

  start_agent(write_agent_config(std::vector<std::string>{uri}));
  EXPECT_TRUE(agent_->wait_for_output("accepted the connection and sent no CONNACK within 5 s", 30s)) << agent_log();
  EXPECT_EQ(agent_log().find("unreachable"), std::string::npos) << agent_log();
  ::close(silent);
}

}  // namespace
}  // namespace sitepower::test
