// Config validation: every bad config is rejected with file, line, key and
// what was expected, before any driver touches the network.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>

#include "config_error_of.h"
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
    return load_site_config(write(text), builtin_drivers(), io_.get_executor());
  }
  // `base` with its first `from` replaced by `to`.
  static std::string edit(std::string base, const std::string& from, const std::string& to) {
    base.replace(base.find(from), from.size(), to);
    return base;
  }
  std::string error_of(const std::string& text) {
    return test::config_error_of([&] { load(text); });
  }

  boost::asio::io_context io_;
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

TEST_F(ConfigTest, DemoSiteIsValid) {
  const SiteConfig c =
      load_site_config(test::source_path("config/demo-site.yaml"), builtin_drivers(), io_.get_executor());
  EXPECT_EQ(c.devices.size(), 12u);
  EXPECT_EQ(c.tree.size(), 12u);
}

TEST_F(ConfigTest, MissingFileNamesIt) {
  try {
    load_site_config(dir_ + "/nope.yaml", builtin_drivers(), io_.get_executor());
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), dir_ + "/nope.yaml: cannot open the config file");
  }
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

}  // namespace
}  // namespace sitepower
