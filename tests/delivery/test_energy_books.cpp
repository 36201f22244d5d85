// Issue 16 through the real agent and a secured Mosquitto: a settlement made
// while the broker is down arrives when it is back; the energy books survive
// SIGKILL without counting anything twice or losing what was persisted; a
// device that goes quiet raises device_lost on the alarm topic and in the
// retained active set.
#include <signal.h>

#include <thread>

#include "delivery_fixture.h"
#include "sitepower/v1/alarm.pb.h"
#include "sitepower/v1/settlement.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;
const std::string kFilter = "sitepower/v1/itest/#";

template <class M>
std::vector<M> decoded(const std::vector<Received>& msgs, const std::string& suffix) {
  std::vector<M> out;
  for (const auto& r : msgs) {
    M m;
    if (r.topic.ends_with(suffix) && m.ParseFromString(r.payload)) out.push_back(m);
  }
  return out;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TEST_F(DeliveryFixture, ASettlementMadeWhileTheBrokerIsDownArrivesWhenItIsBack) {
  AgentSetup s = setup({});
  auto site = start_secure_broker();
  s.brokers = {site.tls_uri()};
  s.site_keys = "demand_window_min: 1";
  Subscriber sub(site.broker->uri(), kFilter, true);
  start_agent(write_agent_config(s));
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 3; }, 20s)) << agent_log();

  site.broker->stop();
  const std::int64_t down_at = now_ms();
  // The minute ends while the broker is away: the settlement waits on disk.
  ASSERT_TRUE(agent_->wait_for_output("settled the 1 min window", 75s)) << agent_log();
  std::this_thread::sleep_for(1s);
  restart_broker_for(site, sub);
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    return !decoded<v1::Settlement>(m, "/settlement").empty() && nothing_lost(audit(m));
  }, 30s)) << agent_log();

  const auto settlements = decoded<v1::Settlement>(sub.messages(), "/settlement");
  const v1::Settlement& st = settlements.front();
  EXPECT_EQ(st.origin().sequence(), 1u);
  EXPECT_GT(st.end_unix_ms(), down_at) << "made during the outage";
  EXPECT_EQ(st.end_unix_ms() - st.start_unix_ms(), 60'000);
  EXPECT_EQ(st.window_s(), 60u);
  // The agent started inside the window: part of it is unknown, none of it zero-filled.
  EXPECT_GT(st.site().coverage(), 0.0);
  EXPECT_LE(st.site().coverage(), 1.0);
  EXPECT_NEAR(st.site().known_s() + st.site().unknown_s(), 60, 1e-6);
  const auto telemetry = decoded<v1::Telemetry>(sub.messages(), "/telemetry");
  const double site_w = telemetry.back().site_power_w();
  EXPECT_NEAR(st.site().energy_wh(), site_w * st.site().known_s() / 3600, site_w * 1e-6);
  EXPECT_NEAR(st.site().demand_w(), st.site().energy_wh() * 60, 1e-6);
  ASSERT_EQ(st.classes_size(), 2);  // mining and unmetered
  EXPECT_EQ(st.nodes_size(), 2);
  EXPECT_EQ(st.site().source(), v1::ENERGY_SOURCE_INTEGRATED);
  EXPECT_GT(st.peak().peak_w(), 0);
  EXPECT_DOUBLE_EQ(st.peak().contracted_w(), 5e6);
}

TEST_F(DeliveryFixture, TheEnergyBooksSurviveSigkillWithoutDoubleCountingOrLoss) {
  AgentSetup s = setup({});
  auto site = start_secure_broker();
  s.brokers = {site.tls_uri()};
  s.site_keys = "demand_window_min: 1";
  Subscriber sub(site.broker->uri(), kFilter, true);
  const std::string config = write_agent_config(s);
  start_agent(config);
  ASSERT_TRUE(sub.wait_until([](const auto& m) { return audit(m).received >= 3; }, 20s)) << agent_log();
  // Kill and restart inside one minute: from its 3rd to its 30th second.
  while (now_ms() % 60'000 < 3'000 || now_ms() % 60'000 > 30'000) std::this_thread::sleep_for(200ms);
  const std::int64_t window = now_ms() / 60'000 * 60'000;
  std::this_thread::sleep_for(5s);
  agent_->signal(SIGKILL);
  ASSERT_EQ(agent_->wait(5s), 128 + SIGKILL);
  // Down 12 s: longer than the books' 10 s gap, so the downtime is unknown
  // time, not interpolated.
  std::this_thread::sleep_for(12s);
  start_agent(config);
  ASSERT_TRUE(sub.wait_until([&](const auto& m) {
    for (const auto& st : decoded<v1::Settlement>(m, "/settlement")) {
      if (st.start_unix_ms() == window) return static_cast<bool>(nothing_lost(audit(m)));
    }
    return false;
  }, 80s)) << agent_log();

  // What each boot saw of the window, from its telemetry's cycle times (the
  // books take the same times): boot 1 up to its last cycle, boot 2 from its first.
  const auto telemetry = decoded<v1::Telemetry>(sub.messages(), "/telemetry");
  const std::string boot1 = telemetry.front().origin().boot_id();
  std::int64_t first1 = 0, last1 = 0, first2 = 0;
  for (const auto& t : telemetry) {
    const std::int64_t at = t.time_unix_ms();
    if (t.origin().boot_id() == boot1) {
      if (first1 == 0 || at < first1) first1 = at;
      last1 = std::max(last1, at);
    } else if (first2 == 0 || at < first2) {
      first2 = at;
    }
  }
  ASSERT_GT(first2, last1 + 10'000);
  // Boot 1 counts from the window's start if it was running before it (the
  // boundary is interpolated), else from its first cycle.
  const std::int64_t from1 = std::max(first1, window);
  const double expected_known_s = static_cast<double>((last1 - from1) + (window + 60'000 - first2)) / 1000;
  v1::Settlement st;
  for (const auto& x : decoded<v1::Settlement>(sub.messages(), "/settlement")) {
    if (x.start_unix_ms() == window) st = x;
  }
  // The persisted books are at most one cycle (0.1 s) behind the last
  // telemetry made; the downtime is unknown; nothing is counted twice.
  EXPECT_NEAR(st.site().known_s(), expected_known_s, 0.25) << "last1 " << last1 << " first2 " << first2;
  EXPECT_NEAR(st.site().unknown_s(), 60 - expected_known_s, 0.25);
  const double site_w = telemetry.back().site_power_w();
  EXPECT_NEAR(st.site().energy_wh(), site_w * st.site().known_s() / 3600, site_w * 1e-6);
  EXPECT_GE(st.site().gaps(), 1u);
  EXPECT_TRUE(agent_->wait_for_output("energy books resumed from", 1s)) << agent_log();
}

TEST_F(DeliveryFixture, AQuietDeviceRaisesDeviceLostOnTheAlarmTopicAndInTheActiveSet) {
  AgentSetup s = setup({});
  auto site = start_secure_broker();
  s.brokers = {site.tls_uri()};
  s.row_a_keys = "quiet_after_s: 2";
  s.sections = "alarms: {device_lost_s: 3, hold_s: 1, clock_check: false}\n";
  Subscriber sub(site.broker->uri(), kFilter, true);
  start_agent(write_agent_config(s));
  // The retained set is published at once; the event goes through the outbox.
  ASSERT_TRUE(sub.wait_until([](const auto& m) {
    const auto sets = decoded<v1::ActiveAlarms>(m, "/alarms/active");
    return !decoded<v1::Alarm>(m, "/alarm").empty() && !sets.empty() && sets.back().alarms_size() > 0;
  }, 30s)) << agent_log();
  const auto events = decoded<v1::Alarm>(sub.messages(), "/alarm");
  ASSERT_EQ(events.size(), 1u);
  const v1::Alarm& a = events.front();
  EXPECT_EQ(a.id(), "device_lost/row-a");
  EXPECT_EQ(a.code(), "device_lost");
  EXPECT_EQ(a.subject(), "row-a");
  EXPECT_TRUE(a.active());
  EXPECT_EQ(a.severity(), v1::Alarm::SEVERITY_WARNING);
  EXPECT_GT(a.value(), 3.0);
  EXPECT_DOUBLE_EQ(a.threshold(), 3.0);
  EXPECT_EQ(a.unit(), "s");
  EXPECT_EQ(a.origin().sequence(), 1u);
  EXPECT_GT(a.raised_unix_ms(), 0);
  EXPECT_EQ(a.cleared_unix_ms(), 0);
  const auto active = decoded<v1::ActiveAlarms>(sub.messages(), "/alarms/active").back();
  ASSERT_EQ(active.alarms_size(), 1);
  EXPECT_EQ(active.alarms(0).id(), "device_lost/row-a");
  EXPECT_TRUE(nothing_lost(audit(sub.messages())));
  EXPECT_NE(agent_log().find("alarm raised device_lost/row-a"), std::string::npos);
  // A new subscriber is told the set at once: it is retained.
  Subscriber late(site.broker->uri(), "sitepower/v1/itest/+/alarms/active");
  ASSERT_TRUE(late.wait_until([](const auto& m) { return !m.empty(); }, 10s));
  EXPECT_TRUE(late.messages().front().retained);
}

}  // namespace
}  // namespace sitepower::test
