// The service monitor shows the agent's state, as the agent holds it (no
// message to decode), in status.json and on the systemd STATUS= line.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "notify_socket.h"
#include "process.h"
#include "scoped_env.h"
#include "service_monitor.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

TEST(ServiceMonitor, WritesTheAgentsStateToStatusJsonAndTheStatusLine) {
  const std::string dir = make_temp_dir("sitepower-monitor");
  NotifySocket sock;
  ScopedEnv env("NOTIFY_SOCKET", sock.path());
  SiteConfig config;
  config.site_id = "s1";
  config.agent_id = "a1";
  config.state_dir = dir;
  ServiceMonitor monitor;
  monitor.on_config(config);

  const WallTime now = std::chrono::system_clock::now();
  AgentHealth health;
  health.started = now - 65s;
  health.drivers["modbus"] = DriverCounts{3, 1, 0};
  health.drivers["sim"] = DriverCounts{2, 0, 2};
  health.queue_depth = 9;
  health.outbox_mode = "memory";
  monitor.on_status(AgentIdentity{"s1", "a1", "boot-1"}, true, health, now);

  EXPECT_EQ(sock.receive(2s)->text, "STATUS=devices 5 ok, 1 stale, 2 bad; queue 9; up 65 s");
  std::ostringstream out;
  EXPECT_EQ(print_status_file(dir, 30s, out), 0) << out.str();
  EXPECT_NE(out.str().find("site s1  agent a1: ONLINE\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("boot       boot-1, up 0d 00h 01m 05s\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("driver     sim: 2 ok, 0 stale, 2 bad\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("queue      9 waiting, 0 dropped, outbox memory\n"), std::string::npos) << out.str();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sitepower::test
