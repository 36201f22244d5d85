// Config validation: every bad config is rejected with file, line, key and
// what was expected; loading builds no driver and touches no network.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_error_of.h"
#include "mqtt_names.h"
#include "process.h"
#include "section.h"
#include "site_config.h"

namespace sitepower {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-config"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& text) {
    const std::string path = dir_ + "/site.yaml";
    std::ofstream(path) << text;
    return path;
  }
  SiteConfig load(const std::string& text) {
    return load_site_config(write(text), builtin_drivers());
  }
  // `base` with its first `from` replaced by `to`.
  static std::string edit(std::string base, const std::string& from, const std::string& to) {
    base.replace(base.find(from), from.size(), to);
    return base;
  }
  std::string error_of(const std::string& text) {
    return test::config_error_of([&] { load(text); });
  }

  std::string dir_;
};

const char* kHead = R"(site:
  id: s1
  contracted_capacity_kw: 1000
agent:
  id: a1
)";

const char* kGood = R"(site:
  id: s1
  contracted_capacity_kw: 1000
agent:
  id: a1
devices:
  - id: m
    driver: sim
    power_kw: 10
    meters: [l]
  - id: l
    driver: sim
    power_kw: 5
tree:
  id: site
  meter: m
  children:
    - {id: load, meter: l, class: mining}
)";

TEST_F(ConfigTest, ValidConfigLoadsWithDefaults) {
  const SiteConfig c = load(kGood);
  EXPECT_EQ(c.site_id, "s1");
  EXPECT_DOUBLE_EQ(c.contracted_capacity_w, 1e6);
  ASSERT_EQ(c.devices.size(), 2u);
  EXPECT_EQ(c.devices[0].interval, std::chrono::milliseconds(1000));
  EXPECT_EQ(c.devices[0].timeout, std::chrono::milliseconds(800));
  EXPECT_EQ(c.devices[0].stale_after, std::chrono::milliseconds(3000));
  ASSERT_EQ(c.tree.size(), 2u);
  EXPECT_EQ(c.tree[1].parent, 0);
  EXPECT_EQ(c.tree[1].load_class, "mining");
  EXPECT_EQ(c.mqtt.client_id, "sitepower-a1");
  EXPECT_EQ(c.digest.size(), 16u);
}

// A loaded config is data: each device carries what its driver read, known
// without a driver (the loader has no executor to build one on).
TEST_F(ConfigTest, DevicesCarryTheirDriversSettingsAsData) {
  const SiteConfig c = load(edit(kGood, "driver: sim\n    power_kw: 5",
                                 "driver: modbus\n    host: 192.0.2.1\n    profile: eastron-sdm630"));
  EXPECT_EQ(c.devices[0].settings->describe(), "sim load 10 kW metering 1 loads");
  EXPECT_EQ(c.devices[0].settings->metered_devices(), std::vector<std::string>{"l"});
  EXPECT_EQ(c.devices[1].settings->describe(), "modbus tcp 192.0.2.1:502 unit 1: Eastron SDM630, 2 requests per poll");
  ASSERT_TRUE(c.devices[1].settings->channels().has_value());
  EXPECT_FALSE(c.devices[1].settings->channels()->empty());
}

TEST_F(ConfigTest, DemoSiteIsValid) {
  const SiteConfig c =
      load_site_config(test::source_path("config/demo-site.yaml"), builtin_drivers());
  // 13 simulated, 2 PDUs over SNMP, 4 rows of miners, 4 BMCs and 2 rack PDUs over Redfish, 2 dcgm endpoints
  EXPECT_EQ(c.devices.size(), 27u);
  EXPECT_EQ(c.tree.size(), 21u);
  EXPECT_EQ(c.alarms.device_lost, std::chrono::seconds(15));  // the demo's quicker alarms
  EXPECT_EQ(c.alarms.hold, std::chrono::seconds(10));
  EXPECT_EQ(c.tree[7].meter->outlets->text, "4");  // miner-pdu's s21-test
}

TEST_F(ConfigTest, MissingFileNamesIt) {
  EXPECT_EQ(test::config_error_of([&] { load_site_config(dir_ + "/nope.yaml", builtin_drivers()); }),
            dir_ + "/nope.yaml: cannot open the config file (No such file or directory)");
}

TEST_F(ConfigTest, YamlSyntaxErrorHasLine) {
  EXPECT_EQ(error_of("site:\n  id: [unclosed\n"), dir_ + "/site.yaml:3: YAML syntax error: end of sequence flow not found");
}

TEST_F(ConfigTest, MissingRequiredSection) {
  EXPECT_EQ(error_of("site:\n  id: s1\n  contracted_capacity_kw: 5\n"),
            dir_ + "/site.yaml:1: agent: expected a mapping (the key is required)");
}

TEST_F(ConfigTest, NumberOutOfRange) {
  EXPECT_EQ(error_of("site:\n  id: s1\n  contracted_capacity_kw: -3\n"),
            dir_ + "/site.yaml:3: site.contracted_capacity_kw: expected a number from 0.001 to 1e+07, got '-3'");
}

TEST_F(ConfigTest, NotANumber) {
  const std::string text = std::string(kHead) + "  publish_interval_s: fast\n";
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:6: agent.publish_interval_s: expected a number from 0.1 to 3600, got 'fast'");
}

TEST_F(ConfigTest, MisspeltKeyIsRejected) {
  const std::string text = edit(kGood, "    power_kw: 5", "    powr_kw: 5");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:13: devices[1].powr_kw: unknown key (misspelt, or not valid here)");
}

TEST_F(ConfigTest, UnknownDriverListsKnownOnes) {
  const std::string text = edit(kGood, "driver: sim\n    power_kw: 5", "driver: foo");
  const std::string e = error_of(text);
  EXPECT_EQ(e.rfind(dir_ + "/site.yaml:12: devices[1].driver: expected one of the built-in drivers: ", 0), 0u) << e;
  EXPECT_NE(e.find("sim"), std::string::npos);
  EXPECT_NE(e.find("got 'foo'"), std::string::npos);
}

TEST_F(ConfigTest, DuplicateDeviceId) {
  const std::string text = edit(kGood, "  - id: l\n", "  - id: m\n");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:11: devices[1].id: expected a device id not used by another device, got 'm'");
}

TEST_F(ConfigTest, TimeoutLongerThanInterval) {
  const std::string text = edit(kGood, "    power_kw: 5", "    interval_s: 1\n    timeout_s: 2");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:14: devices[1].timeout_s: expected a timeout no longer than interval_s, got '2'");
}

TEST_F(ConfigTest, LeafWithoutClass) {
  const std::string text = edit(kGood, ", class: mining", "");
  EXPECT_EQ(error_of(text),
            dir_ + "/site.yaml:18: tree.children[0].class: expected a load class on a leaf (e.g. mining, ai, cooling, facility)");
}

TEST_F(ConfigTest, MeterNamesUnknownDevice) {
  const std::string text = edit(kGood, "meter: l", "meter: x/total");
  EXPECT_EQ(error_of(text),
            dir_ + "/site.yaml:18: tree.children[0].meter: expected the id of a device listed under devices, got 'x/total'");
}

TEST_F(ConfigTest, ReportedDevicesAreReconciledAgainstTheNodesMeter) {
  const SiteConfig c = load(edit(kGood, "meter: l, class: mining", "meter: l, reported: [m, m/total/power], class: mining"));
  ASSERT_EQ(c.tree[1].reported.size(), 2u);
  EXPECT_EQ(c.tree[1].reported[0].device, "m");
  EXPECT_EQ(c.tree[1].reported[0].quantity, "power");
  EXPECT_DOUBLE_EQ(c.reconcile.ratio_min, 0.80);
  EXPECT_DOUBLE_EQ(c.reconcile.ratio_max, 1.05);
  EXPECT_DOUBLE_EQ(c.reconcile.min_measured_w, 1000);
  EXPECT_EQ(error_of(edit(kGood, "meter: l, class: mining", "meter: l, reported: [x], class: mining")),
            dir_ + "/site.yaml:18: tree.children[0].reported: expected ids of devices listed under devices, got 'x'");
  EXPECT_EQ(error_of(edit(kGood, "meter: l, class: mining", "meter: l, reported: m, class: mining")),
            dir_ + "/site.yaml:18: tree.children[0].reported: expected a list of strings, got 'm'");
  EXPECT_EQ(error_of(edit(kGood, "meter: l, class: mining", "meter: l, reported: [m/L1/power], class: mining")),
            dir_ + "/site.yaml:18: tree.children[0].reported: expected a channel/quantity that device 'm' produces "
                   "(total/power, total/voltage, total/current), got 'm/L1/power'");
}

TEST_F(ConfigTest, RollupsNameDevicesTheNodeDoesNotCountAlready) {
  const std::string with_dcgm = edit(kGood, "tree:", "  - {id: dcgm, driver: sim, power_kw: 1}\ntree:");
  const auto node_with = [&](const std::string& keys) {
    return edit(with_dcgm, "meter: l, class: mining", "meter: l, reported: [m], " + keys + ", class: mining");
  };
  const SiteConfig c = load(node_with("rollups: [dcgm]"));
  EXPECT_EQ(c.tree[1].rollups, std::vector<std::string>{"dcgm"});
  EXPECT_EQ(c.tree[1].reported.size(), 1u);
  const std::string at = dir_ + "/site.yaml:19: tree.children[0].rollups: expected ";
  EXPECT_EQ(error_of(node_with("rollups: [x]")), at + "ids of devices listed under devices, got 'x'");
  EXPECT_EQ(error_of(node_with("rollups: dcgm")), at + "a list of strings, got 'dcgm'");
  const std::string counted =
      "a device not already counted in the node (by its meter, `reported` or `rollups`: its figures join once), got '";
  EXPECT_EQ(error_of(node_with("rollups: [l]")), at + counted + "l'");
  EXPECT_EQ(error_of(node_with("rollups: [m]")), at + counted + "m'");
  EXPECT_EQ(error_of(node_with("rollups: [dcgm, dcgm]")), at + counted + "dcgm'");
}

TEST_F(ConfigTest, ReportedNeedsAMeterToReconcileWith) {
  const std::string text = edit(kGood, "  meter: m\n  children:", "  reported: [l]\n  children:");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:15: tree.meter: expected a meter on a node with `reported` devices "
                                   "(reconciled against it)");
}

TEST_F(ConfigTest, ReconcileBandMustBeABand) {
  const std::string text = edit(kGood, "  contracted_capacity_kw: 1000", "  contracted_capacity_kw: 1000\n  reconcile_ratio_max: 0.7");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:4: site.reconcile_ratio_max: expected a ratio above reconcile_ratio_min, got '0.7'");
}

TEST_F(ConfigTest, ADemandWindowMustDivideTheHour) {
  const std::string text = edit(kGood, "  contracted_capacity_kw: 1000", "  contracted_capacity_kw: 1000\n  demand_window_min: 7");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:4: site.demand_window_min: expected a divisor of 60 (5, 10, 15, 30, 60), "
                                   "so that windows align to the hour, got '7'");
}

TEST_F(ConfigTest, TheEnergyGapIsDerivedUnlessGiven) {
  EXPECT_FALSE(load(kGood).energy_gap.has_value());
  const std::string text = edit(kGood, "  contracted_capacity_kw: 1000", "  contracted_capacity_kw: 1000\n  energy_gap_s: 5");
  EXPECT_EQ(load(text).energy_gap, std::chrono::milliseconds(5000));
}

TEST_F(ConfigTest, UnmeteredIsNotAConfigurableClass) {
  const std::string text = edit(kGood, "class: mining", "class: unmetered");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:18: tree.children[0].class: expected a class other than 'unmetered' (it is computed), got 'unmetered'");
}

TEST_F(ConfigTest, BadBrokerUri) {
  const std::string text = edit(kGood, "devices:", "mqtt:\n  broker: localhost:1883\ndevices:");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:7: mqtt.broker: expected a URI like tcp://host:1883 or ssl://host:8883, got 'localhost:1883'");
}

TEST_F(ConfigTest, IdWithTopicWildcardIsRejected) {
  const std::string text = edit(kGood, "id: s1", "id: s#1");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:2: site.id: expected an id of letters, digits, '_', '.', '-' (at most 64, no '/', '+' or '#'), got 's#1'");
}

TEST_F(ConfigTest, SimDriverValidatesItsOwnKeys) {
  const std::string text = edit(kGood, "    power_kw: 5", "    curtail: {after_s: 3}");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:13: devices[1].curtail.to_kw: expected a number from 0 to 1e+06 (the key is required)");
}

// Issue 17, crash 2: a directory where the file should be threw
// std::ios_base::failure out of the loader.
TEST_F(ConfigTest, ConfigPathThatIsADirectoryIsAConfigError) {
  EXPECT_EQ(test::config_error_of([&] { load_site_config(dir_, builtin_drivers()); }),
            dir_ + ": cannot read the config file: it is a directory");
}

// Issue 10 item 14: std::filesystem errors (here ELOOP, which even root
// gets) on a file the config names are config errors, not exceptions.
TEST_F(ConfigTest, FileBehindASymlinkLoopIsAConfigError) {
  std::filesystem::create_symlink(dir_ + "/loop.yaml", dir_ + "/loop2.yaml");
  std::filesystem::create_symlink(dir_ + "/loop2.yaml", dir_ + "/loop.yaml");
  EXPECT_EQ(test::config_error_of([&] { load_site_config(dir_ + "/loop.yaml", builtin_drivers()); }),
            dir_ + "/loop.yaml: cannot open the config file (Too many levels of symbolic links)");
  const std::string tls = edit(kGood, "devices:", "mqtt:\n  broker: ssl://a:8883\n  tls: {ca_file: loop.yaml}\ndevices:");
  EXPECT_EQ(error_of(tls), dir_ + "/site.yaml:8: mqtt.tls.ca_file: expected a readable file (" + dir_ +
                               "/loop.yaml does not exist or cannot be read), got 'loop.yaml'");
  const std::string profile =
      edit(kGood, "driver: sim\n    power_kw: 5", "driver: modbus\n    host: 127.0.0.1\n    profile: loop.yaml");
  const std::string e = error_of(profile);
  EXPECT_EQ(e.rfind(dir_ + "/site.yaml:12: devices[1].driver: expected a device whose files can be read (", 0), 0u) << e;
  EXPECT_NE(e.find("Too many levels of symbolic links"), std::string::npos) << e;
}

// Issue 17, crash 1: a 30,000-character URI overflowed the stack in std::regex.
TEST_F(ConfigTest, HugeBrokerUriIsRefusedNotACrash) {
  const std::string huge = "tcp://" + std::string(30000, 'a') + ":1883";
  EXPECT_EQ(error_of(edit(kGood, "devices:", "mqtt:\n  broker: " + huge + "\ndevices:")),
            dir_ + "/site.yaml:7: mqtt.broker: expected a string of at most 4096 bytes, got 'tcp://" +
                std::string(74, 'a') + "...' (30011 bytes)");
  EXPECT_NE(error_of(edit(kGood, "devices:", "mqtt:\n  brokers: [" + huge + "]\ndevices:"))
                .find("mqtt.brokers: expected a list of non-empty strings of at most 4096 bytes"),
            std::string::npos);
  const std::string long_host = "tcp://" + std::string(1000, 'a') + ":1883";
  EXPECT_EQ(error_of(edit(kGood, "devices:", "mqtt:\n  broker: " + long_host + "\ndevices:")),
            dir_ + "/site.yaml:7: mqtt.broker: expected a URI like tcp://host:1883 or ssl://host:8883, got 'tcp://" +
                std::string(74, 'a') + "...' (1011 bytes)");
}

TEST_F(ConfigTest, BrokerUriNeedsHostAndPortInRange) {
  for (const char* bad : {"tcp://", "tcp://:1883", "tcp://host:0", "tcp://host:65536", "tcp://host:", "tcp://a b:1",
                          "tcp://host/path", "tcp://::1:1883", "http://host:80", "tcp://[::1:1883"}) {
    EXPECT_NE(error_of(edit(kGood, "devices:", std::string("mqtt:\n  broker: \"") + bad + "\"\ndevices:"))
                  .find("mqtt.broker: expected a URI like"),
              std::string::npos)
        << bad;
  }
  for (const char* good : {"tcp://host", "mqtt://h.example.com:1883", "mqtts://10.0.0.1:8883", "tcp://[::1]:1883"}) {
    EXPECT_EQ(load(edit(kGood, "devices:", std::string("mqtt:\n  broker: \"") + good + "\"\ndevices:")).mqtt.broker, good);
  }
}

TEST_F(ConfigTest, EveryIdIsBounded) {
  EXPECT_EQ(error_of(edit(kGood, "id: s1", "id: " + std::string(30000, 's'))),
            dir_ + "/site.yaml:2: site.id: expected a string of at most 64 bytes, got '" + std::string(80, 's') +
                "...' (30000 bytes)");
  EXPECT_NE(error_of(edit(kGood, "id: a1", "id: " + std::string(65, 'a'))).find("agent.id: expected a string of at most 64"),
            std::string::npos);
  EXPECT_EQ(load(edit(kGood, "id: a1", "id: " + std::string(64, 'a'))).agent_id, std::string(64, 'a'));
  EXPECT_NE(error_of(edit(kGood, "id: a1", "id: -a1")).find("agent.id: expected an id of letters"), std::string::npos);
}

// Issue 17 item 9: topic_prefix follows MQTT's topic rules at config time.
TEST_F(ConfigTest, TopicPrefixFollowsMqttTopicRules) {
  const auto with_prefix = [&](const std::string& p) {
    return error_of(edit(kGood, "devices:", "mqtt:\n  topic_prefix: \"" + p + "\"\ndevices:"));
  };
  EXPECT_EQ(with_prefix("a/+/b"), dir_ + "/site.yaml:7: mqtt.topic_prefix: expected a topic without the MQTT wildcards "
                                         "'+' and '#', got 'a/+/b'");
  EXPECT_NE(with_prefix("a/#").find("without the MQTT wildcards"), std::string::npos);
  EXPECT_NE(with_prefix("a\\0b").find("mqtt.topic_prefix: expected a topic without a NUL character"), std::string::npos);
  EXPECT_NE(with_prefix("a/").find("without a trailing '/'"), std::string::npos);
  EXPECT_NE(with_prefix(std::string(1 << 20, 'p')).find("mqtt.topic_prefix: expected a string of at most 65535 bytes"),
            std::string::npos);
  EXPECT_NE(with_prefix(std::string(65535 - 130, 'p'))
                .find("mqtt.topic_prefix: expected a topic of at most 65395 bytes (MQTT's limit is 65535 with the "
                      "agent's longest suffix)"),
            std::string::npos);
  EXPECT_EQ(load(edit(kGood, "devices:", "mqtt:\n  topic_prefix: " + std::string(65395, 'p') + "\ndevices:"))
                .mqtt.topic_prefix.size(),
            65395u);
}

TEST(TopicPrefix, RefusesMalformedUtf8) {
  EXPECT_EQ(topic_prefix_problem("caf\xc3\xa9/v1"), "");
  EXPECT_EQ(topic_prefix_problem("caf\xc3"), "a topic in valid UTF-8");
  EXPECT_EQ(topic_prefix_problem("\xc0\xaf" "etc"), "a topic in valid UTF-8");  // overlong '/'
  EXPECT_EQ(topic_prefix_problem("\xed\xa0\x80"), "a topic in valid UTF-8");  // a surrogate
}

// Issue 17, crash 3: a sim meter that includes itself recursed without end on its first poll.
TEST_F(ConfigTest, SimMeterThatMetersItselfIsRefused) {
  EXPECT_EQ(error_of(edit(kGood, "meters: [l]", "meters: [l, m]")),
            dir_ + "/site.yaml:10: devices[0].meters: expected other devices than 'm' itself");
}

TEST_F(ConfigTest, SimMetersThatFormALoopAreRefused) {
  const std::string text = edit(kGood, "    power_kw: 5", "    power_kw: 5\n    meters: [m]");
  EXPECT_EQ(error_of(text), dir_ + "/site.yaml:10: devices[0].meters: expected no loop of devices metering each other, "
                                   "got m -> l -> m (each meters the next)");
}

TEST_F(ConfigTest, SimMeterNamesKnownDevicesEachMeteredOnce) {
  EXPECT_EQ(error_of(edit(kGood, "meters: [l]", "meters: [l, x]")),
            dir_ + "/site.yaml:10: devices[0].meters: expected ids of devices listed under devices, got 'x'");
  const std::string twice = edit(kGood, "    power_kw: 5", "    power_kw: 5\n  - {id: k, driver: sim, meters: [l]}");
  EXPECT_EQ(error_of(twice), dir_ + "/site.yaml:14: devices[2].meters: expected devices no other device meters: 'l' "
                                    "is already metered by 'm'");
}

// Issue 17 item 4: the mining class read 5.6 MW on a 3.4 MW site.
TEST_F(ConfigTest, LeafMeteredByItsParentsMeterIsRefused) {
  EXPECT_EQ(error_of(edit(kGood, "meter: l,", "meter: m,")),
            dir_ + "/site.yaml:18: tree.children[0].meter: expected a reading no other node uses: node 'load' and "
                   "node 'site' (line 15) would both count m/total/power, so that power would be counted twice, got 'm'");
}

TEST_F(ConfigTest, TwoLeavesWithTheSameMeterAreRefused) {
  const std::string text = std::string(kGood) + "    - {id: load2, meter: l/total/power, class: ai}\n";
  EXPECT_EQ(error_of(text),
            dir_ + "/site.yaml:19: tree.children[1].meter: expected a reading no other node uses: node 'load2' and "
                   "node 'load' (line 18) would both count l/total/power, so that power would be counted twice, got "
                   "'l/total/power'");
  // Another reading of the same device is another value: a multi-circuit meter feeds several nodes.
  EXPECT_EQ(load(std::string(kGood) + "    - {id: volts, meter: l/total/voltage, class: ai}\n").tree.size(), 3u);
}

// Issue 17 item 5: an empty part left the leaf MISSING for ever.
TEST_F(ConfigTest, MeterWithAnEmptyPartIsRefused) {
  for (const char* bad : {"l//power", "l/total/", "/total", "l/", "l/total/power/x", "l/a b"}) {
    EXPECT_EQ(error_of(edit(kGood, "meter: l,", std::string("meter: \"") + bad + "\",")),
              dir_ + "/site.yaml:18: tree.children[0].meter: expected 'device', 'device/channel' or "
                     "'device/channel/quantity', each part an id (no empty part), got '" + bad + "'")
        << bad;
  }
}

// Issue 10 item 16: a reference the driver can never fill is refused.
TEST_F(ConfigTest, MeterReadingTheDeviceCannotProduceIsRefused) {
  EXPECT_EQ(error_of(edit(kGood, "meter: l,", "meter: l/L1/powr,")),
            dir_ + "/site.yaml:18: tree.children[0].meter: expected a channel/quantity that device 'l' produces "
                   "(total/power, total/voltage, total/current), got 'l/L1/powr'");
}

TEST_F(ConfigTest, ModbusMeterIsCheckedAgainstItsProfile) {
  const std::string modbus = edit(kGood, "driver: sim\n    power_kw: 5",
                                  "driver: modbus\n    host: 127.0.0.1\n    profile: eastron-sdm630");
  EXPECT_EQ(load(edit(modbus, "meter: l,", "meter: l/L1/power,")).tree[1].meter->channel, "L1");
  const std::string e = error_of(edit(modbus, "meter: l,", "meter: l/L1/powr,"));
  EXPECT_EQ(e.rfind(dir_ + "/site.yaml:19: tree.children[0].meter: expected a channel/quantity that device 'l' "
                           "produces (",
                    0),
            0u)
      << e;
  EXPECT_NE(e.find("L1/power"), std::string::npos) << e;
}

TEST_F(ConfigTest, StaleAfterMustBeLongerThanTheInterval) {
  EXPECT_EQ(error_of(edit(kGood, "    power_kw: 5", "    interval_s: 2\n    stale_after_s: 2")),
            dir_ + "/site.yaml:14: devices[1].stale_after_s: expected a limit longer than interval_s, got '2'");
  EXPECT_EQ(load(edit(kGood, "    power_kw: 5", "    interval_s: 2\n    stale_after_s: 2.5")).devices[1].stale_after,
            std::chrono::milliseconds(2500));
}

// Issue 17 item 6: the first of two equal keys used to win silently.
TEST_F(ConfigTest, RepeatedKeyIsRefusedWithBothLines) {
  EXPECT_EQ(error_of(edit(kGood, "  id: s1\n", "  id: s1\n  id: s2\n")),
            dir_ + "/site.yaml:3: site.id: repeated key (first set at line 2); each key may appear once in a mapping");
}

TEST_F(ConfigTest, RepeatedKeysInFlowMappingsListsAndTopLevel) {
  EXPECT_EQ(error_of("site: {id: a, id: b, contracted_capacity_kw: 1}\n"),
            dir_ + "/site.yaml:1: site.id: repeated key (first set at line 1); each key may appear once in a mapping");
  EXPECT_EQ(error_of(std::string(kGood) + "site:\n  id: s2\n"),
            dir_ + "/site.yaml:19: site: repeated key (first set at line 1); each key may appear once in a mapping");
  EXPECT_EQ(error_of(edit(kGood, "    power_kw: 5", "    power_kw: 5\n    power_kw: 6")),
            dir_ + "/site.yaml:14: devices[1].power_kw: repeated key (first set at line 13); each key may appear "
                   "once in a mapping");
  EXPECT_EQ(error_of(edit(kGood, "class: mining}", "class: mining, class: ai}")),
            dir_ + "/site.yaml:18: tree.children[0].class: repeated key (first set at line 18); each key may appear "
                   "once in a mapping");
  // A mapping in a key's place repeating a key (the config fuzzer's find: the
  // path read before the start of the pending entries).
  EXPECT_EQ(error_of("? {a: 1, a: 2}\n: x\n"),
            dir_ + "/site.yaml:1: ?.a: repeated key (first set at line 1); each key may appear once in a mapping");
  EXPECT_EQ(error_of("site: {? [[{b: 1, b: 2}]]: x}\n"),
            dir_ + "/site.yaml:1: site.?[0][0].b: repeated key (first set at line 1); each key may appear once in a "
                   "mapping");
}

TEST_F(ConfigTest, HugeKeysAreShownCut) {
  const std::string key = "  ? " + std::string(5000, 'k') + "\n";  // YAML's explicit key: any length
  EXPECT_EQ(error_of(edit(kGood, "  id: s1\n", "  id: s1\n" + key + "  : 1\n")),
            dir_ + "/site.yaml:3: site.'" + std::string(80, 'k') + "...' (5000 bytes): unknown key (misspelt, or not "
                   "valid here)");
  EXPECT_EQ(error_of(edit(kGood, "  id: s1\n", "  id: s1\n" + key + "  : 1\n" + key + "  : 2\n")),
            dir_ + "/site.yaml:5: site.'" + std::string(80, 'k') + "...' (5000 bytes): repeated key (first set at "
                   "line 3); each key may appear once in a mapping");
}

TEST_F(ConfigTest, SecondYamlDocumentIsRefusedWithBothLines) {
  EXPECT_EQ(error_of(std::string(kGood) + "---\n" + kGood),
            dir_ + "/site.yaml:19: a second YAML document: expected one document per config file (the first starts "
                   "at line 1)");
}

TEST_F(ConfigTest, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "site: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  EXPECT_NE(error_of(deep).find(dir_ + "/site.yaml:1: YAML syntax error:"), std::string::npos);
}

TEST_F(ConfigTest, DeepTreeKeepsDepthFirstOrder) {
  std::string tree = "tree: {id: n0, meter: m";
  for (int i = 1; i < 200; ++i) tree += ", children: [{id: n" + std::to_string(i);
  tree += ", meter: l, class: mining}";
  for (int i = 1; i < 200; ++i) tree += "]}";
  tree += "\n";
  const std::string text = std::string(kGood).substr(0, std::string(kGood).find("tree:")) + tree;
  const SiteConfig c = load(text);
  ASSERT_EQ(c.tree.size(), 200u);
  EXPECT_EQ(c.tree[199].parent, 198);
}

}  // namespace
}  // namespace sitepower
