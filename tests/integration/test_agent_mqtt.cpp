// End to end: the real agent, a real Mosquitto, a real subscriber decoding.
#include <signal.h>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kTopic = "sitepower/v1/itest/ctrl-t/";

const v1::GroupPower* find_group(const v1::Telemetry& t, const std::string& id) {
  for (const auto& g : t.groups()) {
    if (g.id() == id) return &g;
  }
  return nullptr;
}

double class_power(const v1::Telemetry& t, const std::string& cls) {
  const v1::ClassPower* c = find_class(t, cls);
  return c ? c->power_w() : -1;
}

TEST_F(AgentFixture, PublishesDecodableSplitWithContiguousSequence) {
  Subscriber sub(broker_->uri(), "sitepower/v1/#");
  start_agent(write_config(kSiteYaml));
  // Wait for 8 telemetry messages in which every device has been read.
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return count_suffix(m, "/telemetry") >= 8; }, 20s))
      << agent_->output();
  const auto msgs = telemetry(sub.messages());
  std::uint64_t expected = msgs.front().origin().sequence();
  for (const auto& t : msgs) {
    EXPECT_EQ(t.origin().sequence(), expected++) << "gap or duplicate";
    EXPECT_EQ(t.origin().boot_id(), msgs.front().origin().boot_id());
    EXPECT_EQ(t.origin().site_id(), "itest");
    EXPECT_EQ(t.origin().agent_id(), "ctrl-t");
  }
  const v1::Telemetry& last = msgs.back();
  ASSERT_EQ(last.site_power_quality(), v1::QUALITY_GOOD) << last.DebugString();
  EXPECT_DOUBLE_EQ(last.site_power_w(), 2310000);
  EXPECT_DOUBLE_EQ(last.headroom_w(), 5000000 - 2310000);
  EXPECT_DOUBLE_EQ(class_power(last, "mining"), 1900000);
  EXPECT_DOUBLE_EQ(class_power(last, "ai"), 400000);
  EXPECT_DOUBLE_EQ(class_power(last, "unmetered"), 10000);
  EXPECT_EQ(last.groups_size(), 4);
  EXPECT_EQ(last.readings_size(), 12);  // 4 devices × power, voltage, current
}

// A (re)started agent reports once every device has answered, not a whole
// interval later: with a 30 s interval the first telemetry must come long
// before 30 s, and with every device already read.
TEST_F(AgentFixture, TheFirstCycleGoesOutOnceEveryDeviceHasAnswered) {
  std::string yaml = kSiteYaml;
  const std::string interval = "publish_interval_s: 0.2";
  ASSERT_NE(yaml.find(interval), std::string::npos);
  yaml.replace(yaml.find(interval), interval.size(), "publish_interval_s: 30");
  Subscriber sub(broker_->uri(), "sitepower/v1/#");
  start_agent(write_config(yaml));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return count_suffix(m, "/telemetry") >= 1; }, 15s))
      << agent_->output();
  const v1::Telemetry first = telemetry(sub.messages()).front();
  EXPECT_EQ(first.origin().sequence(), 1u);
  EXPECT_EQ(first.site_power_quality(), v1::QUALITY_GOOD);
  EXPECT_EQ(first.readings_size(), 12);
  for (const auto& r : first.readings()) EXPECT_EQ(r.quality(), v1::QUALITY_GOOD) << r.device_id();
}

TEST_F(AgentFixture, StatusIsRetainedOnlineThenOfflineOnSigterm) {
  start_agent(write_config(kSiteYaml));
  {
    // A subscriber that arrives later still gets the retained ONLINE status.
    Subscriber probe(broker_->uri(), kTopic + "telemetry");
    ASSERT_TRUE(probe.wait_until([](const auto& m) { return !m.empty(); }, 20s)) << agent_->output();
  }
  Subscriber sub(broker_->uri(), kTopic + "#");
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return count_suffix(m, "/status") >= 1 && count_suffix(m, "/inventory") >= 1; }, 10s));
  v1::Status online;
  ASSERT_TRUE(online.ParseFromString(sub.on_topic_suffix("/status").front().payload));
  EXPECT_TRUE(sub.on_topic_suffix("/status").front().retained);
  EXPECT_EQ(online.state(), v1::Status::STATE_ONLINE);

  agent_->signal(SIGTERM);
  EXPECT_EQ(agent_->wait(15s), 0) << agent_->output();
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    for (const auto& x : m) {
      v1::Status s;
      if (x.topic.ends_with("/status") && s.ParseFromString(x.payload) && s.state() == v1::Status::STATE_OFFLINE) return true;
    }
    return false;
  }, 10s));
  EXPECT_NE(agent_->output().find("signal 15: shutting down"), std::string::npos);
}

TEST_F(AgentFixture, LastWillMarksAgentOfflineWhenKilled) {
  Subscriber sub(broker_->uri(), kTopic + "status");
  start_agent(write_config(kSiteYaml));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return !m.empty(); }, 20s)) << agent_->output();
  agent_->signal(SIGKILL);
  agent_->wait(5s);
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    v1::Status s;
    return s.ParseFromString(m.back().payload) && s.state() == v1::Status::STATE_OFFLINE;
  }, 10s));
}

TEST_F(AgentFixture, QuietDeviceIsReportedAndExcluded) {
  std::string yaml = kSiteYaml;
  const std::string gpu = "{id: gpu, driver: sim, power_kw: 400, interval_s: 0.1}";
  yaml.replace(yaml.find(gpu), gpu.size(),
               "{id: gpu, driver: sim, power_kw: 400, interval_s: 0.1, timeout_s: 0.05, stale_after_s: 0.3, quiet_after_s: 0}");
  Subscriber sub(broker_->uri(), kTopic + "telemetry");
  start_agent(write_config(yaml));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 3; }, 20s)) << agent_->output();
  const v1::Telemetry t = telemetry(sub.messages()).back();
  EXPECT_DOUBLE_EQ(class_power(t, "mining"), 1900000);
  // Every assertion runs: the class and the nodes must be there to be checked.
  const v1::ClassPower* ai = find_class(t, "ai");
  ASSERT_NE(ai, nullptr) << t.DebugString();
  EXPECT_EQ(ai->quality(), v1::QUALITY_BAD);
  EXPECT_EQ(ai->leaves_excluded(), 1u);
  EXPECT_DOUBLE_EQ(ai->power_w(), 0);
  const v1::GroupPower* gpu_node = find_group(t, "gpu");
  ASSERT_NE(gpu_node, nullptr) << t.DebugString();
  EXPECT_EQ(gpu_node->quality(), v1::QUALITY_MISSING) << gpu_node->DebugString();
  const v1::GroupPower* site = find_group(t, "site");
  ASSERT_NE(site, nullptr) << t.DebugString();
  EXPECT_EQ(site->unmetered_quality(), v1::QUALITY_PARTIAL);
}

TEST_F(AgentFixture, BrokerDownAtStartThenUpLosesNothing) {
  // The subscriber's session survives the broker restart, so it cannot miss
  // what the agent sends the moment the broker is back.
  broker_ = std::make_unique<MosquittoBroker>("persistence true\npersistence_location " + dir_ + "/\n");
  Subscriber sub(broker_->uri(), kTopic + "telemetry", true);
  broker_->stop();
  start_agent(write_config(kSiteYaml));
  ASSERT_TRUE(agent_->wait_for_output("connect failed", 20s)) << agent_->output();
  broker_->start();
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 10; }, 30s)) << agent_->output();
  const auto msgs = telemetry(sub.messages());
  // Messages made while the broker was down arrive first, from sequence 1.
  EXPECT_EQ(msgs.front().origin().sequence(), 1u);
  for (std::size_t i = 0; i < msgs.size(); ++i) EXPECT_EQ(msgs[i].origin().sequence(), i + 1);
}

}  // namespace
}  // namespace sitepower::test
