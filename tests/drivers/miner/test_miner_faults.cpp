// Faults, one miner each, in one row: each gives its miner bad readings with
// a named reason and one log line, and the other miners go on.
#include <dirent.h>

#include "row_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

std::size_t open_fds() {
  std::size_t n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

void expect_failed(const PollResult& r, const std::string& channel, double state, const std::string& why) {
  const Reading* s = MinerRowTest::find(r, channel, "state");
  ASSERT_NE(s, nullptr) << channel;
  EXPECT_EQ(s->value, state) << channel;
  const Reading* p = MinerRowTest::find(r, channel, "power");
  ASSERT_NE(p, nullptr) << channel;
  EXPECT_EQ(p->quality, Quality::Bad) << channel;
  EXPECT_NE(p->error.find(why), std::string::npos) << channel << ": " << p->error;
  EXPECT_EQ(MinerRowTest::find(r, channel, "hashrate_5s"), nullptr) << channel;
}

TEST_F(MinerRowTest, EachFaultIsNamedAndTheOthersGoOn) {
  auto& sim = start_sim({"127.0.1.1:whatsminer",           "127.0.1.2:whatsminer:refuse",
                         "127.0.1.3:whatsminer:silent",    "127.0.1.4:whatsminer:truncated",
                         "127.0.1.5:whatsminer:invalid",   "127.0.1.6:whatsminer:missing",
                         "127.0.1.7:whatsminer:error",     "127.0.1.8:whatsminer:flood",
                         "127.0.1.9:whatsminer:slow:150",  "127.0.1.10:antminer:malformed",
                         "127.0.1.11:whatsminer:nopower"});
  auto row = make("hosts: [127.0.1.1-127.0.1.11], firmware: whatsminer, miner_timeout_s: 0.4, max_reply_kb: 64, port: " +
                  std::to_string(sim.port()));
  const auto fds_before = open_fds();
  const PollResult r = poll(*row);
  ASSERT_EQ(r.error, "");
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.1", "power"), 3400);
  expect_failed(r, "miner-127.0.1.2", 0, "unreachable: connect: Connection refused");
  expect_failed(r, "miner-127.0.1.3", 1, "no reply within 400 ms");
  expect_failed(r, "miner-127.0.1.4", 1, "invalid JSON");
  expect_failed(r, "miner-127.0.1.5", 1, "invalid JSON");
  expect_failed(r, "miner-127.0.1.6", 1, "none of the whatsminer profile's fields");
  expect_failed(r, "miner-127.0.1.7", 1, "STATUS E: Access denied");
  expect_failed(r, "miner-127.0.1.8", 1, "reply over 65536 bytes");
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.9", "power"), 3408);  // slow, within its timeout
  // A fixed firmware of whatsminer against a bmminer: only Elapsed is where the profile looks.
  expect_failed(r, "miner-127.0.1.10", 1, "no hashrate in the replies");
  EXPECT_EQ(find(r, "miner-127.0.1.11", "power"), nullptr);  // Power -1: not available, not 0 W
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.11", "hashrate_5s"), 110);
  EXPECT_DOUBLE_EQ(value(r, "total", "power"), 3400 + 3408);
  EXPECT_EQ(find(r, "total", "power")->error, "2 of 11 miners report power");
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_mining"), 3);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_failed"), 7);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_unreachable"), 1);
  poll(*row);
  EXPECT_EQ(open_fds(), fds_before) << "every connection is closed";
}

TEST_F(MinerRowTest, OneLogLinePerChangeOfState) {
  auto& sim = start_sim({"127.0.1.51:whatsminer", "127.0.1.52:whatsminer:refuse", "127.0.1.53:whatsminer:error"});
  auto row = make("hosts: [127.0.1.51-127.0.1.53], firmware: whatsminer, port: " + std::to_string(sim.port()));
  LogCapture log;
  for (int i = 0; i < 3; ++i) poll(*row);
  EXPECT_EQ(log.count("miner-127.0.1.52: unreachable: connect: Connection refused"), 1u) << log.text();
  EXPECT_EQ(log.count("miner-127.0.1.53: failed: STATUS E"), 1u) << log.text();
  EXPECT_EQ(log.count("miner-127.0.1.51"), 0u) << "a miner mining from the start says nothing";
  EXPECT_EQ(log.count("3 miners: 1 mining, 0 idle, 1 failed, 1 unreachable"), 1u) << log.text();
  sim.signal(SIGUSR1, "curtailed");
  poll(*row);
  poll(*row);
  EXPECT_EQ(log.count("miner-127.0.1.51: idle (whatsminer)"), 1u) << log.text();
}

TEST_F(MinerRowTest, DeadMinersListedFirstDoNotHoldUpTheRow) {
  // One connection for the whole row: a refusing and a silent miner ahead of
  // the live ones must each give their slot back (at once, and after their
  // own timeout), and the detection and reads of the rest still fit.
  auto& sim = start_sim({"127.0.1.62:braiins-os:silent", "127.0.1.63-127.0.1.66:braiins-os"});
  auto row = make("hosts: [127.0.1.61-127.0.1.66], max_connections: 1, miner_timeout_s: 0.3, port: " +
                      std::to_string(sim.port()),
                  3000ms, 5000ms);
  const PollResult r = poll(*row);
  expect_failed(r, "miner-127.0.1.61", 0, "unreachable: connect: Connection refused");
  expect_failed(r, "miner-127.0.1.62", 1, "no reply within 300 ms");
  for (int host = 63; host <= 66; ++host) {
    EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1." + std::to_string(host), "state"), 3) << host;
  }
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_mining"), 4);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_unpolled"), 0);
}

TEST_F(MinerRowTest, AMinerThatRanOutOfTimeIsAskedFirstNextPoll) {
  // One connection: the silent miner, last in the list, waits out its timeout
  // after the others in the first poll and before them in the next, so that
  // in a row with many such miners their timeouts run beside the others'
  // exchanges (bench/miner_scale ... silent: miners left unpolled without this).
  auto& sim = start_sim({"127.0.1.71-127.0.1.72:whatsminer", "127.0.1.73:whatsminer:silent"});
  auto row = make("hosts: [127.0.1.71-127.0.1.73], firmware: whatsminer, max_connections: 1, miner_timeout_s: 0.3, port: " +
                      std::to_string(sim.port()),
                  3000ms, 5000ms);
  poll(*row);
  const PollResult second = poll(*row);
  EXPECT_EQ(sim.requested_addresses(),
            (std::vector<std::string>{"127.0.1.71", "127.0.1.72", "127.0.1.73", "127.0.1.73", "127.0.1.71", "127.0.1.72"}));
  EXPECT_DOUBLE_EQ(value(second, "total", "miners_mining"), 2);
  expect_failed(second, "miner-127.0.1.73", 1, "no reply within 300 ms");
}

TEST_F(MinerRowTest, MalformedBmminerRepliesAreRead) {
  auto& sim = start_sim({"127.0.1.21:antminer:malformed"});
  auto row = make("hosts: [127.0.1.21], port: " + std::to_string(sim.port()));
  const PollResult r = poll(*row);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.21", "hashrate_5s"), 100);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.21", "uptime"), 3600);
  EXPECT_DOUBLE_EQ(value(r, "miner-127.0.1.21", "fan"), 5520);
}

TEST_F(MinerRowTest, UnreachableMinersAreProbedWithBackoff) {
  auto& sim = start_sim({"127.0.1.31:luxos", "127.0.1.32:luxos:silent"});
  auto row = make("hosts: [127.0.1.31-127.0.1.32], firmware: luxos, miner_timeout_s: 0.2, port: " +
                  std::to_string(sim.port()) + ", probe_max_s: 60",
                  1000ms, 5000ms);
  // The silent miner accepts, so it counts as failed (answers nothing): polled every time.
  poll(*row);
  poll(*row);
  EXPECT_EQ(sim.count("request 127.0.1.32"), 2u);
  // A refusing one (nothing listens at .33) is probed once, then backs off one interval.
  auto dead = make("hosts: [127.0.1.31, 127.0.1.33], firmware: luxos, port: " + std::to_string(sim.port()), 1000ms, 5000ms);
  const PollResult first = poll(*dead);
  EXPECT_EQ(value(first, "miner-127.0.1.33", "state"), 0);
  const PollResult second = poll(*dead);
  const Reading* p = find(second, "miner-127.0.1.33", "power");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->quality, Quality::Bad);
  EXPECT_NE(p->error.find("next probe in"), std::string::npos) << p->error;
  EXPECT_DOUBLE_EQ(value(second, "miner-127.0.1.31", "power"), 3010);
}

TEST_F(MinerRowTest, FirmwareChangeIsDetectedAgain) {
  auto& sim = start_sim({"127.0.1.41:antminer:flip:braiins-os"});
  auto row = make("hosts: [127.0.1.41], port: " + std::to_string(sim.port()));
  EXPECT_EQ(find(poll(*row), "miner-127.0.1.41", "power"), nullptr);  // stock: no power
  sim.signal(SIGHUP, "firmware flipped");
  // The cached family's fields are gone: that poll fails and asks for re-detection...
  const PollResult changed = poll(*row);
  EXPECT_EQ(value(changed, "miner-127.0.1.41", "state"), 1);
  // ...and the next reads the new firmware.
  EXPECT_DOUBLE_EQ(value(poll(*row), "miner-127.0.1.41", "power"), 3250);
  EXPECT_EQ(sim.count(R"({"command":"version"})"), 2u);
}

TEST_F(MinerRowTest, RowOf200WithAThirdDeadIsPolledWithinItsInterval) {
  // 134 live miners; 66 addresses where nothing listens (curtailed and switched off).
  auto& sim = start_sim({"127.0.2.1-127.0.2.134:braiins-os", "127.0.2.135-127.0.2.200:braiins-os:refuse"});
  auto row = make("hosts: [127.0.2.1-127.0.2.200], max_connections: 64, port: " + std::to_string(sim.port()), 4000ms, 5000ms);
  const auto fds_before = open_fds();
  const auto start = std::chrono::steady_clock::now();
  const PollResult r = poll(*row);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, 5000ms);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_mining"), 134);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_unreachable"), 66);
  EXPECT_DOUBLE_EQ(value(r, "total", "miners_unpolled"), 0);
  EXPECT_EQ(find(r, "total", "power")->quality, Quality::Partial);
  const PollResult again = poll(*row);
  EXPECT_DOUBLE_EQ(value(again, "total", "miners_unreachable"), 66);
  EXPECT_EQ(open_fds(), fds_before);
}

}  // namespace
}  // namespace sitepower::test
