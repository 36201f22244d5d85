// The mqtt: and outbox: keys of issue 4: every misconfiguration is a start-up
// error naming file, line and key; the password is read from its file only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_error_of.h"
#include "process.h"
#include "config_error.h"
#include "site_config.h"

namespace sitepower {
namespace {

constexpr const char* kRest = R"(devices:
  - {id: m, driver: sim, power_kw: 1}
tree: {id: site, meter: m, class: mining}
)";

class DeliveryConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("sitepower-dconfig");
    std::ofstream(dir_ + "/ca.crt") << "pem";
    std::ofstream(dir_ + "/pw") << "s3cret\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  SiteConfig load(const std::string& mqtt_and_outbox) {
    std::ofstream(dir_ + "/site.yaml") << "site: {id: s, contracted_capacity_kw: 1}\nagent: {id: a}\n"
                                       << mqtt_and_outbox << kRest;
    return load_site_config(dir_ + "/site.yaml", builtin_drivers());
  }
  std::string error_of(const std::string& text) {
    return test::config_error_of([&] { load(text); });
  }
  std::string dir_;
};

TEST_F(DeliveryConfigTest, FullDeliverySectionIsRead) {
  const SiteConfig c = load(R"(mqtt:
  brokers: [ssl://a:8883, ssl://b:8883]
  protocol: "5"
  username: agent
  password_file: pw
  tls: {ca_file: ca.crt}
outbox: {max_mb: 2, sync: normal, backlog_share: 0.25}
)");
  EXPECT_EQ(c.mqtt.brokers, (std::vector<std::string>{"ssl://a:8883", "ssl://b:8883"}));
  EXPECT_EQ(c.mqtt.broker, "ssl://a:8883");
  EXPECT_EQ(c.mqtt.protocol, 5);
  EXPECT_TRUE(c.mqtt.tls.enabled);
  EXPECT_EQ(c.mqtt.tls.ca_file, dir_ + "/ca.crt");
  EXPECT_EQ(c.mqtt.password, "s3cret");
  EXPECT_DOUBLE_EQ(c.outbox.max_mb, 2);
  EXPECT_FALSE(c.outbox.sync_full);
  EXPECT_DOUBLE_EQ(c.outbox.backlog_share, 0.25);
}

TEST_F(DeliveryConfigTest, DefaultsAreOneLocalBrokerAndADurableOutbox) {
  const SiteConfig c = load("");
  EXPECT_EQ(c.mqtt.brokers, std::vector<std::string>{"tcp://127.0.0.1:1883"});
  EXPECT_EQ(c.mqtt.protocol, 5) << "MQTT 5, so that a broker's ACL denial is seen";
  EXPECT_TRUE(c.outbox.sync_full);
  EXPECT_DOUBLE_EQ(c.outbox.memory_max_mb, 32);
}

TEST_F(DeliveryConfigTest, MissingCaFileNamesTheKeyAndThePath) {
  const std::string e = error_of("mqtt:\n  broker: ssl://a:8883\n  tls: {ca_file: nope.crt}\n");
  EXPECT_NE(e.find("site.yaml:5: mqtt.tls.ca_file: expected a readable file (" + dir_ + "/nope.crt does not exist"),
            std::string::npos) << e;
}

TEST_F(DeliveryConfigTest, PasswordFileNeedsAUserAndIsNeverEchoed) {
  EXPECT_NE(error_of("mqtt: {password_file: pw}\n").find("mqtt.username: expected a username"), std::string::npos);
  std::ofstream(dir_ + "/empty") << "";
  const std::string e = error_of("mqtt: {username: u, password_file: empty}\n");
  EXPECT_NE(e.find("mqtt.password_file: expected a file holding the password"), std::string::npos) << e;
  EXPECT_EQ(error_of("mqtt: {username: u, password_file: pw, bad: 1}\n").find("s3cret"), std::string::npos);
}

TEST_F(DeliveryConfigTest, TlsAndPlainBrokersCannotBeMixed) {
  EXPECT_NE(error_of("mqtt: {brokers: [ssl://a:8883, tcp://b:1883]}\n").find("all brokers ssl://"), std::string::npos);
  EXPECT_NE(error_of("mqtt: {broker: tcp://a:1883, tls: {verify: true}}\n").find("no tls section"), std::string::npos);
  EXPECT_NE(error_of("mqtt: {broker: ssl://a:8883, tls: {cert_file: ca.crt}}\n").find("cert_file and key_file"),
            std::string::npos);
}

// Issue 10 item 17: a websockets URI is refused at start, never retried for ever.
TEST_F(DeliveryConfigTest, WebsocketBrokersAreRefusedWithTheReason) {
  EXPECT_EQ(error_of("mqtt:\n  broker: wss://central:443\n"),
            dir_ + "/site.yaml:4: mqtt.broker: expected MQTT over TCP or TLS (tcp://, mqtt://, ssl://, mqtts://): "
                   "MQTT over WebSockets is not supported, got 'wss://central:443'");
  EXPECT_NE(error_of("mqtt: {brokers: [tcp://a:1883, ws://b:80]}\n")
                .find("mqtt.brokers: expected MQTT over TCP or TLS (tcp://, mqtt://, ssl://, mqtts://): MQTT over "
                      "WebSockets is not supported, got 'ws://b:80'"),
            std::string::npos);
}

TEST_F(DeliveryConfigTest, OutboxKeysAreChecked) {
  EXPECT_NE(error_of("outbox: {sync: sometimes}\n").find("outbox.sync"), std::string::npos);
  EXPECT_NE(error_of("outbox: {backlog_share: 1}\n").find("outbox.backlog_share"), std::string::npos);
  EXPECT_NE(error_of("mqtt: {protocol: \"3\"}\n").find("mqtt.protocol"), std::string::npos);
  EXPECT_NE(error_of("outbox: {memory_max_mb: 0}\n").find("outbox.memory_max_mb"), std::string::npos);
  EXPECT_DOUBLE_EQ(load("outbox: {memory_max_mb: 8}\n").outbox.memory_max_mb, 8);
}

}  // namespace
}  // namespace sitepower
