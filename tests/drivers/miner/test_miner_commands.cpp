// Read-only by construction: the closed command list holds reads only, and
// every request is built from it.
#include <gtest/gtest.h>

#include <set>

#include "command.h"
#include "miner_options.h"
#include "profile.h"

namespace sitepower::miner {
namespace {

// The reads sitepower may send, written out here independently of command.cpp.
const std::set<std::string> kReads{"summary", "stats",  "devs", "pools", "version", "devdetails", "tunerstatus",
                                   "temps",   "fans",   "power", "atm",  "profiles", "get_version"};

TEST(MinerCommands, EveryCommandIsAReadAndEveryRequestIsOneCommand) {
  std::size_t n = 0;
  const Command* all = all_commands(n);
  ASSERT_EQ(n, kReads.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::string name = command_name(all[i]);
    EXPECT_TRUE(kReads.contains(name)) << name;
    EXPECT_EQ(request_text(all[i]), "{\"command\":\"" + name + "\"}");
    EXPECT_EQ(command_named(name), all[i]);
  }
}

TEST(MinerCommands, WritesAreNotInTheList) {
  for (const char* write : {"restart", "quit", "ascset", "pgaset", "switchpool", "addpool", "pause", "sleep",
                            "wakeup", "set_power_pct", "power_off", "reboot", "curtail", "summary+restart", "summary|x"}) {
    EXPECT_FALSE(command_named(write)) << write;
  }
}

TEST(MinerCommands, ShippedProfilesUseOnlyListedCommands) {
  for (const char* name : {"antminer", "braiins-os", "luxos", "whatsminer"}) {
    const Profile p = load_profile(std::string(SITEPOWER_MINER_PROFILES) + "/" + name + ".yaml");
    EXPECT_EQ(p.name, name);
    EXPECT_FALSE(p.detect.empty());
    for (const Read& r : p.reads) EXPECT_TRUE(kReads.contains(command_name(r.command)));
  }
}

}  // namespace
}  // namespace sitepower::miner
