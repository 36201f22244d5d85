// Issue 17 item 18: a real stream from the agent, recorded, then replayed to
// a fresh broker three times: whole, without its first telemetry message and
// without its last. `sitepower-tail --check` passes the first and fails the
// other two, naming the sequence.
#include <gmock/gmock.h>
#include <signal.h>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class TailReplay : public AgentFixture {
 protected:
  // Everything the agent publishes from its start to its final OFFLINE status.
  void record() {
    Subscriber recorder(broker_->uri(), "sitepower/v1/#");
    start_agent(write_config(kSiteYaml));
    ASSERT_TRUE(recorder.wait_until([](const auto& m) { return count_suffix(m, "/telemetry") >= 8; }, 20s))
        << agent_->output();
    agent_->signal(SIGTERM);
    ASSERT_EQ(agent_->wait(20s), 0) << agent_->output();
    ASSERT_TRUE(recorder.wait_until([](const auto& m) { return offline(m.back()); }, 10s)) << agent_->output();
    recorded_ = recorder.messages();
    // The subscriber was there before the agent: it has the boot from 1 on.
    const auto t = telemetry(recorded_);
    for (std::size_t i = 0; i < t.size(); ++i) ASSERT_EQ(t[i].origin().sequence(), i + 1);
    last_ = t.size();
    // The final status names the last sequence published (Status field 11).
    // An agent from before the field sends 0 ("not known"); the recording
    // then gets the value the field must carry.
    v1::Status final_status;
    ASSERT_TRUE(final_status.ParseFromString(recorded_.back().payload));
    EXPECT_THAT(final_status.last_telemetry_sequence(), ::testing::AnyOf(0u, last_));
    final_status.set_last_telemetry_sequence(last_);
    recorded_.back().payload = final_status.SerializeAsString();
  }

  static bool offline(const Received& m) {
    v1::Status s;
    return m.topic.ends_with("/status") && s.ParseFromString(m.payload) && s.state() == v1::Status::STATE_OFFLINE;
  }

  // Replays the recording to a fresh broker, leaving out the telemetry with
  // sequence `skip` (0: none), under `sitepower-tail --check --since-start`;
  // returns its exit status, its report in `report`.
  int replay(std::uint64_t skip, std::string& report) {
    MosquittoBroker fresh;
    mqtt::async_client pub(fresh.uri(), "test-replay", nullptr);
    pub.connect()->wait();
    // Status is retained: a checker started after the agent stopped finds the
    // final one first, then the telemetry as an outbox backlog brings it.
    for (const auto& m : recorded_) {
      if (m.topic.ends_with("/status")) pub.publish(m.topic, m.payload, 1, true)->wait();
    }
    const std::uint64_t sent = skip == 0 ? last_ : last_ - 1;
    ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", fresh.uri(), "--check", "--since-start",
                       "--count", std::to_string(sent)},
                      dir_ + "/tail.log");
    EXPECT_TRUE(tail.wait_for_output("subscribed to", 10s)) << tail.output();
    for (const auto& m : recorded_) {
      v1::Telemetry t;
      if (!m.topic.ends_with("/telemetry") || (t.ParseFromString(m.payload) && t.origin().sequence() == skip)) continue;
      pub.publish(m.topic, m.payload, 1, false)->wait();
    }
    pub.disconnect()->wait();
    const int rc = tail.wait(30s);
    report = tail.output();
    std::filesystem::remove(dir_ + "/tail.log");
    return rc;
  }

  std::vector<Received> recorded_;
  std::uint64_t last_ = 0;
};

TEST_F(TailReplay, CheckPassesTheWholeStreamAndNamesAMissingFirstOrLastMessage) {
  ASSERT_NO_FATAL_FAILURE(record());
  const std::string n = std::to_string(last_);
  std::string report;

  EXPECT_EQ(replay(0, report), 0) << report;
  EXPECT_NE(report.find(n + " received, " + n + " unique, sequences 1.." + n + ", 0 duplicates, 0 missing; ended at " + n),
            std::string::npos) << report;

  EXPECT_EQ(replay(1, report), 1) << report;
  EXPECT_NE(report.find("sequences 2.." + n + ", 0 duplicates, 1 missing; ended at " + n + "\n"), std::string::npos)
      << report;
  EXPECT_NE(report.find("  missing head: 1..1 (1 missing)\n"), std::string::npos) << report;

  EXPECT_EQ(replay(last_, report), 1) << report;
  EXPECT_NE(report.find("  missing tail: " + n + ".." + n + " (1 missing)\n"), std::string::npos) << report;
}

}  // namespace
}  // namespace sitepower::test
