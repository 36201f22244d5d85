// Issue 10 item 15: once SIGTERM has started the shutdown, a SIGHUP changes
// nothing: the shutdown completes and the agent exits 0.
#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

// Bytes that arrived on the broker's established loopback connections and
// that it has not read: they pile up while it is frozen and the agent publishes.
std::size_t unread_at(int port) {
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // header
  std::size_t unread = 0;
  while (std::getline(tcp, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues;
    fields >> slot >> local >> remote >> state >> queues;
    const bool established = state == "01";
    if (established && std::stoi(local.substr(local.find(':') + 1), nullptr, 16) == port) {
      unread += std::stoul(queues.substr(queues.find(':') + 1), nullptr, 16);
    }
  }
  return unread;
}

// Waits until the unread bytes have grown `times` times (one publish each).
bool publishes_pile_up(int port, int times, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t last = unread_at(port);
  while (times > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);  // no event to wait on: /proc is polled
    const std::size_t now = unread_at(port);
    if (now > last) --times;
    last = now;
  }
  return times == 0;
}

using AgentStop = AgentFixture;

TEST_F(AgentStop, AReloadDuringStopIsIgnoredAndTheShutdownCompletes) {
  start_agent(write_config(kSiteYaml));
  {
    Subscriber sub(broker_->uri(), "sitepower/v1/+/+/telemetry");
    ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 3; }, 20s)) << agent_->output();
  }
  // A frozen broker keeps the connection but acknowledges nothing, so the
  // shutdown waits out its flush grace (5 s) with telemetry in flight: the
  // window an operator's `systemctl reload` can fall into.
  broker_->freeze();
  ASSERT_TRUE(publishes_pile_up(broker_->port(), 2, 10s)) << agent_->output();
  // A reload applied now would also replace the publisher that is flushing.
  write_config(std::string(kSiteYaml) + "mqtt: {keepalive_s: 40}\n");
  agent_->signal(SIGTERM);
  ASSERT_TRUE(agent_->wait_for_output("stopping: finishing publishes", 10s)) << agent_->output();
  agent_->signal(SIGHUP);
  const int rc = agent_->wait(30s);
  broker_->thaw();
  EXPECT_EQ(rc, 0) << agent_->output();
  EXPECT_NE(agent_->output().find("SIGHUP during shutdown: ignored"), std::string::npos) << agent_->output();
  EXPECT_EQ(agent_->output().find("reloading"), std::string::npos) << agent_->output();
  EXPECT_NE(agent_->output().find("stopped"), std::string::npos) << agent_->output();
}

}  // namespace
}  // namespace sitepower::test
