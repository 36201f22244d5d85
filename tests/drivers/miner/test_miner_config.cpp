// Host ranges and the device keys: what `--check-config` accepts and refuses.
#include <gtest/gtest.h>

#include "config_error.h"
#include "hosts.h"
#include "miner_driver.h"
#include "miner_settings.h"
#include "section.h"

namespace sitepower::miner {
namespace {

TEST(MinerHosts, ExpandsRangesAndLists) {
  const HostList h = expand_hosts({"10.20.1.1-10.20.1.200", "10.20.2.7"});
  ASSERT_EQ(h.error, "");
  ASSERT_EQ(h.addresses.size(), 201u);
  EXPECT_EQ(h.addresses.front(), "10.20.1.1");
  EXPECT_EQ(h.addresses[199], "10.20.1.200");
  EXPECT_EQ(h.addresses.back(), "10.20.2.7");
  EXPECT_EQ(expand_hosts({"10.0.0.255-10.0.1.1"}).addresses.size(), 3u);  // across an octet
}

TEST(MinerHosts, RefusesBadItems) {
  EXPECT_NE(expand_hosts({"10.0.0.9-10.0.0.1"}).error, "");
  EXPECT_NE(expand_hosts({"miner-7.local"}).error, "");
  EXPECT_NE(expand_hosts({"10.0.0.1", "10.0.0.1"}).error.find("twice"), std::string::npos);
  EXPECT_NE(expand_hosts({"10.0.0.0-10.0.255.255"}).error.find("at most"), std::string::npos);
  EXPECT_NE(expand_hosts({}).error, "");
}

std::shared_ptr<const MinerSettings> read(const std::string& yaml) {
  Section s = load_yaml_text(yaml, "test.yaml", "devices[0]");
  auto settings = miner_driver_kind().read(s, DriverContext{"row-a", ".", std::chrono::milliseconds(4000),
                                                            std::chrono::milliseconds(5000)});
  return std::static_pointer_cast<const MinerSettings>(settings);
}

TEST(MinerConfig, ReadsARowWithDerivedLimits) {
  const auto s = read("{hosts: [10.20.1.1-10.20.1.200], firmware: auto, nameplate_w: 3250}");
  EXPECT_EQ(s->hosts.size(), 200u);
  EXPECT_TRUE(s->detect);
  EXPECT_EQ(s->families.size(), 4u);
  EXPECT_EQ(s->miner_timeout, std::chrono::milliseconds(1000));  // timeout_s / 4
  EXPECT_EQ(s->poll_deadline, std::chrono::milliseconds(3600));
  EXPECT_EQ(s->channel_of(6), "miner-10.20.1.7");
  EXPECT_EQ(s->describe(), "miner 200 miners (10.20.1.1..10.20.1.200) port 4028 firmware auto");
  const auto channels = *s->channels();
  EXPECT_NE(std::find(channels.begin(), channels.end(), ChannelQuantity{"total", "power"}), channels.end());
  EXPECT_NE(std::find(channels.begin(), channels.end(), ChannelQuantity{"miner-10.20.1.7", "hashrate_5s"}), channels.end());
}

TEST(MinerConfig, RefusesWhatCannotWork) {
  EXPECT_THROW(read("{hosts: [10.20.1.9-10.20.1.1]}"), ConfigError);
  EXPECT_THROW(read("{hosts: [10.20.1.1], firmware: no-such-firmware}"), ConfigError);
  EXPECT_THROW(read("{hosts: [10.20.1.1], miner_timeout_s: 9}"), ConfigError);
  EXPECT_THROW(read("{hosts: [10.20.1.1], command: restart}"), ConfigError);  // no key can add a command
}

}  // namespace
}  // namespace sitepower::miner
