// Each fault a PDU can show, against a real snmpd (or nothing at all): the
// poll's error or the reading's quality says what went wrong, and the rest goes on.
#include <boost/asio/steady_timer.hpp>

#include "pdu_fixture.h"

namespace sitepower::test {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(PduTest, NothingListeningIsNoAnswerWithinTheTimeout) {
  auto d = make("{host: 127.0.0.1, port: " + std::to_string(free_udp_port()) +
                ", profile: apc-rpdu2, community_file: community, request_timeout_s: 0.2, retries: 1}");
  const auto start = std::chrono::steady_clock::now();
  const PollResult r = poll(*d);
  EXPECT_TRUE(has(r.error, "no answer from udp:127.0.0.1:")) << r.error;
  EXPECT_TRUE(has(r.error, "2 tries of 200 ms")) << r.error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_F(PduTest, WrongCommunityIsNoAnswerAndSaysSo) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) +
                ", profile: apc-rpdu2, community_file: wrong-community, request_timeout_s: 0.2, retries: 0}");
  const PollResult r = poll(*d);
  EXPECT_TRUE(has(r.error, "wrong community")) << r.error;
  EXPECT_FALSE(has(r.error, "not-sitepower-test")) << "the community must never be shown";
}

TEST_F(PduTest, V3UnknownUserIsNamed) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make(v3(snmpd.port(), "apc-rpdu2", "nobody"));
  const PollResult r = poll(*d);
  EXPECT_TRUE(has(r.error, "user 'nobody' is unknown to the PDU")) << r.error;
}

TEST_F(PduTest, V3WrongAuthPasswordIsNamed) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) + ", profile: apc-rpdu2, version: '3', user: " +
                kUserSha + ", auth_password_file: wrong-pass, priv_password_file: priv}");
  const PollResult r = poll(*d);
  EXPECT_TRUE(has(r.error, "wrong auth password")) << r.error;
  EXPECT_FALSE(has(r.error, "wrong-pass-999"));
}

TEST_F(PduTest, V3WrongPrivPasswordIsNamedAsFarAsTheAgentTells) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) + ", profile: apc-rpdu2, version: '3', user: " +
                kUserSha + ", auth_password_file: auth, priv_password_file: wrong-pass, request_timeout_s: 0.3, retries: 0}");
  const PollResult r = poll(*d);
  // snmpd drops what it cannot decrypt: silence after a successful discovery.
  EXPECT_TRUE(has(r.error, "wrong privacy password")) << r.error;
}

TEST_F(PduTest, MissingObjectsAreBadReadingsNotAFailedPoll) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  serve_without("1.3.6.1.4.1.318.1.1.26.6.3.1.6.1 ");  // the phase voltage
  auto d = make(v2c(snmpd.port(), "apc-rpdu2"));
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  const Reading* voltage = find(r, "total", "voltage");
  ASSERT_NE(voltage, nullptr);
  EXPECT_EQ(voltage->quality, Quality::Bad);
  EXPECT_TRUE(has(voltage->error, "noSuch")) << voltage->error;
  EXPECT_EQ(find(r, "total", "power")->quality, Quality::Good);
}

TEST_F(PduTest, WrongValueTypesAreBadReadingsWithTheType) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  serve_changed("1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.2 integer 3240", "1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.2 string lots");
  serve_changed("1.3.6.1.4.1.318.1.1.26.4.3.1.5.1 integer 973", "1.3.6.1.4.1.318.1.1.26.4.3.1.5.1 objectid .1.3.6");
  auto d = make(v2c(snmpd.port(), "apc-rpdu2"));
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(find(r, "outlet2", "power")->quality, Quality::Bad);
  EXPECT_TRUE(has(find(r, "outlet2", "power")->error, "OCTET STRING that is not a number")) << find(r, "outlet2", "power")->error;
  EXPECT_EQ(find(r, "total", "power")->quality, Quality::Bad);
  EXPECT_TRUE(has(find(r, "total", "power")->error, "wrong type OBJECT IDENTIFIER")) << find(r, "total", "power")->error;
  EXPECT_EQ(find(r, "outlet1", "power")->quality, Quality::Good);
}

TEST_F(PduTest, ATableThatChangesSizeIsLoggedOncePerChange) {
  LogCapture log;
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make(v2c(snmpd.port(), "apc-rpdu2", "community") );
  ASSERT_EQ(poll(*d).error, "");
  serve_without("1.3.6.1.4.1.318.1.1.26.9.4.3.1.7.4 ");
  serve_without("1.3.6.1.4.1.318.1.1.26.9.4.3.1.6.4 ");
  serve_without("1.3.6.1.4.1.318.1.1.26.9.4.3.1.11.4 ");
  const PollResult smaller = poll(*d);
  ASSERT_EQ(smaller.error, "");
  EXPECT_EQ(find(smaller, "outlet4", "power"), nullptr);
  ASSERT_EQ(poll(*d).error, "");
  EXPECT_EQ(log.count("outlet table changed size: 3 outlets, was 4"), 1u) << log.text();
}

TEST_F(PduTest, ASlowPduIsReadWhenTheTimeoutAllowsAndNamedWhenNot) {
  auto& snmpd = start_snmpd("servertech-sentry4");
  serve_changed("# servertech-sentry4", "delay 0.3\n# servertech-sentry4");
  auto patient = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) +
                      ", profile: servertech-sentry4, community_file: community, request_timeout_s: 3, retries: 0}", std::chrono::seconds(10));
  const PollResult ok = poll(*patient, std::chrono::seconds(20));
  ASSERT_EQ(ok.error, "");
  EXPECT_EQ(find(ok, "outlet1", "power")->quality, Quality::Good);
  auto hasty = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) +
                    ", profile: servertech-sentry4, community_file: community, request_timeout_s: 0.1, retries: 0}");
  EXPECT_TRUE(has(poll(*hasty).error, "no answer")) << "a 0.3 s PDU cannot answer within 0.1 s";
}

TEST_F(PduTest, ADeadPduDelaysNobody) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto dead = make("{host: 127.0.0.1, port: " + std::to_string(free_udp_port()) +
                   ", profile: apc-rpdu2, community_file: community, request_timeout_s: 2, retries: 1}", std::chrono::seconds(5));
  auto alive = make(v2c(snmpd.port(), "apc-rpdu2"));
  ASSERT_EQ(poll(*alive).error, "");  // snmpd has started its pass_persist scripts
  std::optional<PollResult> dead_result, alive_result;
  bool alive_first = false;
  dead->poll([&](PollResult r) { dead_result = std::move(r); });
  alive->poll([&](PollResult r) {
    alive_first = !dead_result;
    alive_result = std::move(r);
  });
  io_.restart();
  while ((!dead_result || !alive_result) && io_.run_one_for(std::chrono::seconds(10))) {
  }
  ASSERT_TRUE(alive_result && dead_result);
  EXPECT_EQ(alive_result->error, "");
  EXPECT_TRUE(has(dead_result->error, "no answer"));
  EXPECT_TRUE(alive_first) << "the live PDU waited for the dead one's 2 x 2 s";
}

TEST_F(PduTest, ARebootedV3PduIsReadAgainWithoutARestart) {
  auto& snmpd = start_snmpd("raritan-px");
  auto d = make(v3(snmpd.port(), "raritan-px", kUserSha));
  ASSERT_EQ(poll(*d).error, "");
  snmpd.restart();  // same engine ID, engine boots + 1, engine time from 0
  const PollResult after = poll(*d);
  EXPECT_EQ(after.error, "");
  EXPECT_EQ(find(after, "total", "power")->quality, Quality::Good);
}

TEST_F(PduTest, AReplacedV3PduIsRediscovered) {
  auto& snmpd = start_snmpd("raritan-px");
  auto d = make(v3(snmpd.port(), "raritan-px", kUserSha, "request_timeout_s: 1.5, retries: 0"), std::chrono::seconds(2));
  ASSERT_EQ(poll(*d).error, "");
  snmpd.replace();  // a new engine ID: the old session's requests are dropped
  EXPECT_TRUE(has(poll(*d).error, "no answer"));
  const PollResult after = poll(*d);  // the silence closed the session: discovery again
  EXPECT_EQ(after.error, "");
}

TEST_F(PduTest, CancelDropsTheAnswerAndTheNextPollStartsAfresh) {
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make(v2c(snmpd.port(), "apc-rpdu2"));
  bool called = false;
  d->poll([&](PollResult) { called = true; });
  d->cancel();
  const PollResult r = poll(*d);
  EXPECT_EQ(r.error, "");
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace sitepower::test
