// Every shipped profile against a real snmpd serving its OIDs, over v2c and
// each SNMPv3 security level: the values, units and qualities that come out.
#include "pdu_fixture.h"

namespace sitepower::test {
namespace {

void expect_good(const Reading* r, double value, const std::string& unit) {
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->quality, Quality::Good) << r->error;
  EXPECT_NEAR(r->value, value, 1e-6);
  EXPECT_EQ(r->unit, unit);
}

void expect_bad(const Reading* r, const std::string& why) {
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->quality, Quality::Bad);
  EXPECT_NE(r->error.find(why), std::string::npos) << r->error;
}

TEST_F(PduTest, ApcOverV2cReadsInletAndEveryOutlet) {
  LogCapture log;
  auto& snmpd = start_snmpd("apc-rpdu2");
  auto d = make(v2c(snmpd.port(), "apc-rpdu2"));
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  expect_good(find(r, "total", "power"), 9730, "W");  // hundredths of kW
  expect_good(find(r, "total", "energy_import"), 4567800, "Wh");  // tenths of kWh
  expect_good(find(r, "total", "current"), 5.3, "A");
  expect_good(find(r, "total", "voltage"), 230, "V");
  expect_good(find(r, "outlet1", "power"), 3250, "W");
  expect_good(find(r, "outlet2", "current"), 14.1, "A");
  expect_good(find(r, "outlet4", "energy_import"), 100400, "Wh");
  expect_good(find(r, "outlet3", "power"), 0, "W");  // switched off: 0 W and good
  expect_good(find(r, "outlet3", "current"), 0, "A");
  expect_bad(find(r, "outlet4", "current"), "not available");  // -1: bad, never 0
  EXPECT_EQ(find(r, "outlet5", "power"), nullptr);
  EXPECT_EQ(log.count("4 outlets in the table"), 1u);
}

TEST_F(PduTest, RaritanOverV3Sha1AesAppliesDecimalDigitsAndAvailability) {
  auto& snmpd = start_snmpd("raritan-px");
  auto d = make(v3(snmpd.port(), "raritan-px", kUserSha));
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  expect_good(find(r, "total", "power"), 3712, "W");
  expect_good(find(r, "total", "current"), 16.512, "A");  // 3 decimal digits
  expect_good(find(r, "total", "voltage"), 230.1, "V");
  expect_good(find(r, "total", "energy_import"), 987654, "Wh");
  expect_good(find(r, "outlet1", "power"), 1200, "W");
  expect_good(find(r, "outlet1", "current"), 5.21, "A");
  expect_good(find(r, "outlet2", "energy_import"), 6000, "Wh");
  expect_bad(find(r, "outlet2", "power"), "not available");
  expect_good(find(r, "outlet3", "power"), 0, "W");  // onOff sensor says off(8)
}

TEST_F(PduTest, SentryOverV3Sha256Aes) {
  auto& snmpd = start_snmpd("servertech-sentry4");
  auto d = make(v3(snmpd.port(), "servertech-sentry4", kUserSha256, "auth_protocol: sha256"));
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  expect_good(find(r, "total", "power"), 2400, "W");
  expect_good(find(r, "outlet1", "current"), 5.25, "A");
  expect_good(find(r, "outlet2", "energy_import"), 41000, "Wh");
  expect_bad(find(r, "outlet2", "power"), "not available");
}

TEST_F(PduTest, EatonOverV3AuthNoPriv) {
  auto& snmpd = start_snmpd("eaton-epdu");
  auto d = make("{host: 127.0.0.1, port: " + std::to_string(snmpd.port()) + ", profile: eaton-epdu, version: '3', user: " +
                kUserAuthOnly + ", security_level: authNoPriv, auth_password_file: auth}");
  const PollResult r = poll(*d);
  ASSERT_EQ(r.error, "");
  expect_good(find(r, "total", "power"), 1800, "W");
  expect_good(find(r, "outlet1", "current"), 4.1, "A");  // mA
  expect_good(find(r, "outlet2", "energy_import"), 654321, "Wh");
  expect_bad(find(r, "outlet2", "current"), "not available");  // negative
}

}  // namespace
}  // namespace sitepower::test
