// Scenarios (a) and (b) of issue 4, and a long backlog: the real agent, a
// secured Mosquitto, a persistent subscriber; after de-duplication every
// sequence number must be there exactly once.
#include <signal.h>

#include <filesystem>
#include <thread>

#include "delivery_fixture.h"
#include "sitepower/v1/telemetry.pb.h"
#include "sqlite_outbox.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

// The outage itself: a stretch of wall time in which the agent keeps producing.
void outage(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

TEST_F(DeliveryFixture, BrokerStoppedThenRestartedLosesNothing) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();

  site.broker->stop();
  ASSERT_TRUE(agent_->wait_for_output("messages held in the outbox", 10s)) << agent_log();
  outage(3s);
  const std::uint64_t before_restart = audit(sub.messages()).received;
  restart_broker_for(site, sub);

  // Everything made during the outage, then 20 more live cycles.
  ASSERT_TRUE(sub.wait_until([&](const auto& m) {
    const auto a = audit(m);
    return a.boots.size() == 1 && a.max_sequence(a.boots[0]) >= before_restart + 40 && nothing_lost(a);
  }, 30s)) << audit(sub.messages()).check.report() << agent_log();
  const auto a = audit(sub.messages());
  EXPECT_TRUE(nothing_lost(a));
  EXPECT_EQ(a.check.missing(), 0u);
  EXPECT_EQ(agent_log().find("agent-secret"), std::string::npos) << "the password must never be logged";
}

TEST_F(DeliveryFixture, SigkillDuringOutageThenRestartReplaysTheFirstBoot) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  const std::string config = write_agent_config(std::vector<std::string>{site.tls_uri()});
  start_agent(config);
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 5; }, 20s)) << agent_log();

  site.broker->stop();
  ASSERT_TRUE(agent_->wait_for_output("messages held in the outbox", 10s)) << agent_log();
  outage(2s);
  agent_->signal(SIGKILL);  // mid-burst: cycles are being stored every 100 ms
  ASSERT_EQ(agent_->wait(5s), 128 + SIGKILL);

  start_agent(config);
  ASSERT_TRUE(agent_->wait_for_output("from before; they are sent first", 10s)) << agent_log();
  restart_broker_for(site, sub);
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto a = audit(m);
    return a.boots.size() == 2 && a.max_sequence(a.boots[1]) >= 10 && nothing_lost(a);
  }, 30s)) << audit(sub.messages()).check.report() << agent_log();
  const auto a = audit(sub.messages());
  // The first boot's held cycles (about 20) all came, sent by the second boot.
  EXPECT_GE(a.max_sequence(a.boots[0]), 20u);
  EXPECT_TRUE(nothing_lost(a));
}

// 20000 cycles held (5.5 hours at the default 1 s interval) from a previous
// boot: all replayed, oldest first, while this boot's live cycles keep flowing.
TEST_F(DeliveryFixture, LongBacklogReplaysWhileLiveDataFlows) {
  constexpr std::uint64_t kHeld = 20000;
  std::filesystem::create_directories(dir_ + "/state");
  {
    SqliteOutbox box({.path = dir_ + "/state/outbox.db", .max_bytes = 1ull << 30, .sync_full = false});
    for (std::uint64_t i = 1; i <= kHeld; ++i) {
      v1::Telemetry t;
      t.mutable_origin()->set_agent_id("ctrl-t");
      t.mutable_origin()->set_boot_id("previous-boot");
      t.mutable_origin()->set_sequence(i);
      t.mutable_origin()->set_outbox_id(box.next_id());
      t.set_site_power_w(1e6);
      box.push("sitepower/v1/itest/ctrl-t/telemetry", t.SerializeAsString());
    }
  }
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  const auto started = std::chrono::steady_clock::now();
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  DeliveryAudit seen;
  ASSERT_TRUE(sub.wait_until([&](const auto& m) {
    const auto& a = seen.update(m);
    return a.boots.size() == 2 && a.max_sequence("previous-boot") == kHeld && nothing_lost(a);
  }, 90s)) << audit(sub.messages()).check.report() << agent_log();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Live cycles arrived before the backlog was through: backlog_share at work.
  std::size_t live_before_last_held = 0;
  for (const auto& m : sub.messages()) {
    v1::Telemetry t;
    if (!m.topic.ends_with("/telemetry") || !t.ParseFromString(m.payload)) continue;
    if (t.origin().boot_id() == "previous-boot" && t.origin().sequence() == kHeld) break;
    live_before_last_held += t.origin().boot_id() != "previous-boot";
  }
  EXPECT_GT(live_before_last_held, 0u);
  RecordProperty("held_messages", static_cast<int>(kHeld));
  RecordProperty("replay_seconds_including_start", std::to_string(seconds));
  std::printf("replayed %llu held messages in %.1f s (agent start included), %zu live cycles interleaved\n",
              static_cast<unsigned long long>(kHeld), seconds, live_before_last_held);
}

}  // namespace
}  // namespace sitepower::test
