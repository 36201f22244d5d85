// The sd_notify messages and the loop watchdog, against a real notify socket.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "heartbeats.h"
#include "notify_socket.h"
#include "scoped_env.h"
#include "systemd_notifier.h"
#include "watchdog.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

TEST(Heartbeats, StalledNamesTheFirstBeatPastItsDeadline) {
  Heartbeats hb;
  const auto t0 = Heartbeats::Clock::now();
  hb.expect("cycle", 300ms, t0);
  hb.expect("poll meter", 1000ms, t0);
  EXPECT_FALSE(hb.stalled(t0 + 300ms));
  hb.beat("cycle", t0 + 250ms);
  EXPECT_FALSE(hb.stalled(t0 + 500ms));
  const auto stalled = hb.stalled(t0 + 1200ms);
  ASSERT_TRUE(stalled);
  EXPECT_EQ(*stalled, "cycle: no progress for 950 ms (limit 300 ms)");
  hb.beat("not expected", t0 + 1200ms);  // ignored: only expected beats count
  hb.expect("cycle", 300ms, t0 + 1200ms);  // a reload restarts the clock
  EXPECT_EQ(*hb.stalled(t0 + 1200ms), "poll meter: no progress for 1200 ms (limit 1000 ms)");
}

TEST(SystemdNotifier, SendsTheProtocolMessages) {
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path());
  SystemdNotifier n;
  n.ready("4 devices");
  n.reloading();
  n.stopping();
  n.watchdog();
  n.status("all fine");
  EXPECT_EQ(sock.receive(2s)->text, "READY=1\nSTATUS=4 devices");
  const auto reloading = sock.receive(2s)->text;
  EXPECT_TRUE(reloading.starts_with("RELOADING=1\nMONOTONIC_USEC=")) << reloading;
  EXPECT_EQ(sock.receive(2s)->text, "STOPPING=1");
  EXPECT_EQ(sock.receive(2s)->text, "WATCHDOG=1");
  EXPECT_EQ(sock.receive(2s)->text, "STATUS=all fine");
}

TEST(SystemdNotifier, WatchdogTimeoutOnlyWhenSystemdAsksThisProcess) {
  {
    ScopedEnv usec("WATCHDOG_USEC", "30000000");
    EXPECT_EQ(SystemdNotifier::watchdog_timeout(), std::chrono::microseconds(30000000));
    ScopedEnv other_pid("WATCHDOG_PID", std::to_string(::getpid() + 1));
    EXPECT_FALSE(SystemdNotifier::watchdog_timeout());  // meant for another process
  }
  ::unsetenv("WATCHDOG_USEC");
  EXPECT_FALSE(SystemdNotifier::watchdog_timeout());
}

// The agent's loop in miniature: a "cycle" timer beats the heartbeat every
// 20 ms while `cycling` is set; the watchdog pings every 100 ms.
class LoopWatchdogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    heartbeats_.expect("cycle", 300ms, Heartbeats::Clock::now());
    watchdog_.start();
    tick();
    loop_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    boost::asio::post(io_, [this] {
      watchdog_.stop();
      stopped_ = true;  // a tick already due still runs: it must not re-arm, or run() never returns
      cycle_.cancel();
    });
    loop_.join();
  }
  void tick() {
    cycle_.expires_after(20ms);
    cycle_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopped_) return;
      if (cycling_) heartbeats_.beat("cycle", Heartbeats::Clock::now());
      tick();
    });
  }
  void set_cycling(bool on) {
    boost::asio::post(io_, [this, on] { cycling_ = on; });
  }
  // Pings received within `window`.
  int pings_within(std::chrono::milliseconds window) {
    int n = 0;
    const auto end = NotifySocket::Clock::now() + window;
    while (auto m = sock_.receive(std::chrono::duration_cast<std::chrono::milliseconds>(
               std::max(end - NotifySocket::Clock::now(), NotifySocket::Clock::duration::zero())))) {
      n += m->text == "WATCHDOG=1";
    }
    return n;
  }

  NotifySocket sock_;
  ScopedEnv env_{"NOTIFY_SOCKET", sock_.path()};
  boost::asio::io_context io_;
  Heartbeats heartbeats_;
  SystemdNotifier notifier_;
  LoopWatchdog watchdog_{io_.get_executor(), notifier_, heartbeats_, 200ms};
  boost::asio::steady_timer cycle_{io_};
  bool cycling_ = true;
  bool stopped_ = false;
  std::thread loop_;
};

TEST_F(LoopWatchdogTest, PingsWhileHealthyStopsWhenAHeartbeatStallsResumesAfter) {
  EXPECT_GE(pings_within(1000ms), 3);  // every 100 ms (margin for a loaded box)
  set_cycling(false);                  // the loop runs, but the cycle makes no progress
  pings_within(500ms);                 // the heartbeat goes past its 300 ms deadline
  EXPECT_EQ(pings_within(1000ms), 0);
  set_cycling(true);
  EXPECT_GE(pings_within(1000ms), 3);
}

TEST_F(LoopWatchdogTest, ABlockedLoopSendsNoPings) {
  ASSERT_TRUE(sock_.wait_for("WATCHDOG=1", 2s));
  // Something on the loop blocks it (a driver stuck in a blocking call).
  boost::asio::post(io_, [] { std::this_thread::sleep_for(1500ms); });
  pings_within(150ms);  // a ping already due may still arrive
  EXPECT_EQ(pings_within(1000ms), 0);
  EXPECT_GE(pings_within(1500ms), 3);  // the loop is free again
}

}  // namespace
}  // namespace sitepower::test
