// Scenario (d) of issue 4, the outbox full with the drop-oldest policy, and a
// corrupt outbox: the agent says so, moves it aside and goes on with a new one.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "delivery_fixture.h"
#include "sitepower/v1/status.pb.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

std::optional<v1::Status> last_status(const std::vector<Received>& msgs) {
  for (auto it = msgs.rbegin(); it != msgs.rend(); ++it) {
    v1::Status s;
    if (it->topic.ends_with("/status") && s.ParseFromString(it->payload)) return s;
  }
  return std::nullopt;
}

TEST_F(DeliveryFixture, FullOutboxDropsTheOldestCountsThemAndLosesNothingElse) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter, true);
  site.broker->stop();
  // 10 KiB hold about 30 cycles of this site; 4 s of outage make about 40.
  AgentSetup small = setup({site.tls_uri()});
  small.outbox = "max_mb: 0.01";
  start_agent(write_agent_config(small));
  ASSERT_TRUE(agent_->wait_for_output("outbox full", 20s)) << agent_log();
  std::this_thread::sleep_for(2s);  // the rest of the outage: more cycles, more drops
  restart_broker_for(site, sub);

  // The outbox stays full while its backlog drains, so drops go on for a while:
  // wait for a status (every 10 s) sent once the backlog is through.
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto s = last_status(m);
    const auto a = audit(m);
    return s && s->dropped_messages() > 0 && s->queue_depth() < 3 && !a.boots.empty() &&
           a.max_sequence(a.boots[0]) > s->dropped_messages() + 30;
  }, 40s)) << agent_log();
  const auto msgs = sub.messages();
  const auto a = audit(msgs);
  const std::uint64_t dropped = last_status(msgs)->dropped_messages();
  const std::uint64_t first = *a.sequences.at(a.boots[0]).begin();
  // Only the oldest are missing, and every missing one is counted. (A message
  // already in flight when dropped may still arrive: counted, yet not lost.)
  EXPECT_EQ(a.check.missing(), 0u) << a.check.report();
  EXPECT_GT(first, 1u);
  EXPECT_LE(first - 1, dropped);
  EXPECT_EQ(*a.outbox_ids.begin(), first);
  EXPECT_EQ(*a.outbox_ids.rbegin() - *a.outbox_ids.begin() + 1, a.outbox_ids.size());
  std::printf("outbox full: %llu dropped and counted, first delivered sequence %llu\n",
              static_cast<unsigned long long>(dropped), static_cast<unsigned long long>(first));
}

// A corrupt outbox.db is moved aside and a new one made, so the agent keeps
// a durable outbox; its ids start above any the old file can have used.
TEST_F(DeliveryFixture, CorruptOutboxIsMovedAsideAndTheAgentGoesOnOnDisk) {
  std::filesystem::create_directories(dir_ + "/state");
  std::ofstream(dir_ + "/state/outbox.db") << std::string(8192, 'G');
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto s = last_status(m);
    return s && s->outbox_mode() == "disk" && audit(m).received >= 5;
  }, 20s)) << agent_log();
  EXPECT_NE(agent_log().find("file is not a database); moved it aside to " + dir_ + "/state/outbox.db.corrupt-"),
            std::string::npos) << agent_log();
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/state/outbox.db"));
  const auto a = audit(sub.messages());
  EXPECT_EQ(a.check.missing(), 0u) << a.check.report();
  EXPECT_EQ(*a.sequences.begin()->second.begin(), 1u);
  EXPECT_GE(*a.outbox_ids.begin(), 1000u) << "ids start above what the lost file may have used";
  EXPECT_EQ(*a.outbox_ids.rbegin() - *a.outbox_ids.begin() + 1, a.outbox_ids.size());
}

TEST_F(DeliveryFixture, ReloadSaysOutboxChangesWaitForTheNextStart) {
  auto site = start_secure_broker();
  Subscriber sub(site.broker->uri(), kFilter);
  start_agent(write_agent_config(std::vector<std::string>{site.tls_uri()}));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 3; }, 20s)) << agent_log();
  AgentSetup bigger = setup({site.tls_uri()});
  bigger.outbox = "max_mb: 128";
  write_agent_config(bigger);
  agent_->signal(SIGHUP);
  EXPECT_TRUE(agent_->wait_for_output("changes to outbox.* and agent.state_dir take effect at the next start", 10s))
      << agent_log();
  EXPECT_TRUE(agent_->wait_for_output("reload done", 10s)) << agent_log();
}

}  // namespace
}  // namespace sitepower::test
