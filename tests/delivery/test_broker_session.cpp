// What the operator reads when a publish or a connect goes wrong.
#include <gtest/gtest.h>

#include "broker_errors.h"

namespace sitepower {
namespace {

TEST(BrokerSession, APublishCutOffByADisconnectIsNotABrokerRefusal) {
  // Paho fails a publish still waiting for its PUBACK with reason 0xff when the connection drops.
  const std::string why = explain_publish_failure(0xff);
  EXPECT_EQ(why, "no acknowledgement before the connection dropped");
  EXPECT_EQ(explain_publish_failure(0), why);
  EXPECT_NE(explain_publish_failure(0x87).find("not authorized (0x87)"), std::string::npos);
  EXPECT_EQ(explain_publish_failure(0x83), "refused by the broker, reason 0x83");
}

TEST(BrokerSession, ATimedOutConnectSaysHowFarItGot) {
  EXPECT_NE(explain_connect_timeout(true, 5, false).find("accepted the connection and sent no CONNACK within 5 s"),
            std::string::npos);
  EXPECT_NE(explain_connect_timeout(true, 5, true).find("nor finished the TLS handshake"), std::string::npos);
  EXPECT_EQ(explain_connect_timeout(false, 5, false), "no connection within 5 s: broker unreachable");
}

}  // namespace
}  // namespace sitepower
