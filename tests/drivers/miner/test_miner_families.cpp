// Every firmware family read end to end through the driver from miner-sim,
// with `firmware: auto` detecting each from `version` once.
#include <set>

#include "row_fixture.h"

namespace sitepower::test {
namespace {

TEST_F(MinerRowTest, ReadsEveryFamilyDetectedFromVersion) {
  auto& sim = start_sim({"127.0.0.11:antminer", "127.0.0.12:braiins-os", "127.0.0.13:luxos", "127.0.0.14:whatsminer"});
  auto row = make("hosts: [127.0.0.11-127.0.0.14], port: " + std::to_string(sim.port()));
  const PollResult r = poll(*row);
  ASSERT_EQ(r.error, "");
  // Sim miner i hashes 100 + i TH/s; power 3250 + i (Braiins), 3010 + i (LuxOS), 3400 + i (Whatsminer).
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.11", "hashrate_5s"), 100);  // bmminer GH/s string
  EXPECT_EQ(find(r, "miner-127.0.0.11", "power"), nullptr);            // stock Antminer: no power
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.11", "temp_board"), 62);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.11", "temp_chip"), 77);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.11", "fan"), 5520);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.12", "hashrate_5s"), 101);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.12", "power"), 3251);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.12", "power_limit"), 3400);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.12", "temp_board"), 62.5);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.13", "power"), 3012);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.13", "uptime"), 5402);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.14", "power"), 3403);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.14", "power_limit"), 3600);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.14", "fan"), 4620);
  EXPECT_DOUBLE_EQ(value(r, "total", "power"), 3251 + 3012 + 3403);
  EXPECT_EQ(find(r, "total", "power")->quality, Quality::Partial);  // the Antminer reports none
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_mining"), 4);
  EXPECT_EQ(sim.count(R"({"command":"version"})"), 4u);
  poll(*row);
  EXPECT_EQ(sim.count(R"({"command":"version"})"), 4u) << "the family is cached: version is asked once";
}

TEST_F(MinerRowTest, SendsOnlyReadCommands) {
  auto& sim = start_sim({"127.0.0.21:antminer", "127.0.0.22:braiins-os", "127.0.0.23:luxos", "127.0.0.24:whatsminer",
                         "127.0.0.25:antminer:error", "127.0.0.26:whatsminer:invalid"});
  auto row = make("hosts: [127.0.0.21-127.0.0.26], port: " + std::to_string(sim.port()));
  poll(*row);
  poll(*row);
  const std::set<std::string> reads{"summary", "stats", "devs", "pools", "version", "devdetails", "tunerstatus",
                                    "temps", "fans", "power", "atm", "profiles", "get_version"};
  const auto requests = sim.requests();
  ASSERT_GE(requests.size(), 12u);
  for (const std::string& raw : requests) {
    ASSERT_TRUE(raw.starts_with(R"({"command":")") && raw.ends_with(R"("})")) << raw;
    EXPECT_TRUE(reads.contains(raw.substr(12, raw.size() - 14))) << raw;
  }
}

TEST_F(MinerRowTest, EstimateFromEfficiencyIsPowerMarkedEstimated) {
  auto& sim = start_sim({"127.0.0.31-127.0.0.32:antminer"});
  auto row = make("hosts: [127.0.0.31-127.0.0.32], firmware: antminer, efficiency_j_per_th: 30, port: " +
                  std::to_string(sim.port()));
  const PollResult r = poll(*row);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.0.31", "power"), 3000);
  EXPECT_EQ(find(r, "miner-127.0.0.31", "power")->quality, Quality::Estimated);
  const Reading* total = find(r, "total", "power");
  EXPECT_DOUBLE_EQ(total->value, 3000 + 3030);
  EXPECT_DOUBLE_EQ(total->estimated, 3000 + 3030);
  EXPECT_EQ(total->quality, Quality::Estimated);
  EXPECT_EQ(sim.count(R"({"command":"version"})"), 0u) << "a fixed firmware is not detected";
}

TEST_F(MinerRowTest, CurtailmentShowsAsIdleAndBack) {
  auto& sim = start_sim({"127.0.0.41-127.0.0.43:braiins-os"});
  auto row = make("hosts: [127.0.0.41-127.0.0.43], port: " + std::to_string(sim.port()));
  EXPECT_DOUBLE_EQ(value(poll(*row), "total", "miners_mining"), 3);
  sim.signal(SIGUSR1, "curtailed");
  const PollResult asleep = poll(*row);
  EXPECT_DOUBLE_EQ(value(asleep, "total", "miners_idle"), 3);
  EXPECT_DOUBLE_EQ(value(asleep, "total", "power"), 60);
  EXPECT_EQ(find(asleep, "total", "power")->quality, Quality::Good);
  // Asleep, each still reports its power limit: the row's full power stands,
  // and what it does not draw of it is curtailed, all measured.
  EXPECT_DOUBLE_EQ(value(asleep, "total", "power_full"), 3 * 3400);
  EXPECT_DOUBLE_EQ(value(asleep, "total", "curtailed_power"), 3 * 3400 - 60);
  EXPECT_EQ(find(asleep, "total", "curtailed_power")->quality, Quality::Good);
  sim.signal(SIGUSR2, "resumed");
  EXPECT_DOUBLE_EQ(value(poll(*row), "total", "miners_mining"), 3);
}

}  // namespace
}  // namespace sitepower::test
