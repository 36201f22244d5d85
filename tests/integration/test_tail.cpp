// sitepower-tail decodes what the agent publishes, as JSON lines and as a
// table; its --check stays subscribed across a broker restart; bad flags are
// usage errors.
#include <signal.h>

#include <fstream>

#include "agent_fixture.h"

namespace sitepower::test {
namespace {

using namespace std::chrono_literals;

class TailTest : public AgentFixture {
 protected:
  std::string tail(std::vector<std::string> args) {
    args.insert(args.begin(), {binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri()});
    ChildProcess p(args, dir_ + "/tail.log");
    EXPECT_TRUE(p.wait_for_output("subscribed to", 10s)) << p.output();
    start_agent(write_config(kSiteYaml));
    EXPECT_EQ(p.wait(30s), 0) << p.output();
    return p.output();
  }
};

TEST_F(TailTest, JsonLinesCarryDecodedTelemetry) {
  const std::string out = tail({"--json", "--count", "3"});
  std::size_t telemetry_lines = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"topic\":\"sitepower/v1/itest/ctrl-t/telemetry\"") == std::string::npos) continue;
    ++telemetry_lines;
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
    EXPECT_NE(line.find("\"site_id\":\"itest\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"load_class\":\"mining\""), std::string::npos) << line;
  }
  EXPECT_EQ(telemetry_lines, 3u) << out;
  // Once every device has answered, the site meter reads 2310 kW.
  EXPECT_NE(out.find("\"site_power_w\":2310000"), std::string::npos) << out;
}

TEST_F(TailTest, TableShowsTheSplit) {
  const std::string out = tail({"--count", "4"});
  EXPECT_NE(out.find("site itest  agent ctrl-t"), std::string::npos) << out;
  EXPECT_NE(out.find("mining           1900.0"), std::string::npos) << out;
  EXPECT_NE(out.find("\n  row-a      "), std::string::npos) << out;  // indented under site
}

// Issue 10 item 18: a bad flag value is a usage error (exit 2), never an
// uncaught exception.
TEST_F(TailTest, BadFlagValuesAreUsageErrors) {
  // TLS and credential files: the agent's rules (credential_files.h).
  const std::string good = dir_ + "/good.pass", two_lines = dir_ + "/two-lines.pass", missing = dir_ + "/nope";
  std::ofstream(good) << "s3cret\n";
  std::ofstream(two_lines) << "central:hash\nagent:hash\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--username", "u", "--password-file", missing},
       "--password-file: expected a file holding the password (" + missing + " does not exist or cannot be read)"},
      {{"--username", "u", "--password-file", two_lines},
       "--password-file: expected a file holding the password (" + two_lines + " holds more than one line"},
      {{"--password-file", good}, "--password-file needs --username"},
      {{"--broker", "ssl://h:8883", "--ca-file", missing},
       "--ca-file: expected a readable file (" + missing + " does not exist or cannot be read)"},
      {{"--ca-file", good}, "--ca-file, --cert-file and --key-file need an ssl:// or mqtts:// --broker"},
      {{"--broker", "ssl://h:8883", "--cert-file", good}, "--cert-file and --key-file go together"},
      {{"--count", "many"}, "--count: expected a whole number of messages, 1 or more, got 'many'"},
      {{"--count", "0"}, "--count: expected a whole number of messages, 1 or more, got '0'"},
      {{"--count", "99999999999999999999"}, "--count: expected a whole number"},
      {{"--count"}, "--count needs a value"},
      {{"--broker", "garbage"}, "--broker: expected tcp://, mqtt://, ssl:// or mqtts:// and a host, got 'garbage'"},
      {{"--topic", ""}, "--topic: expected a topic filter"},
      {{"--since-start"}, "--since-start only applies to --check"},
      {{"--colour"}, "unknown option --colour"},
  };
  for (const auto& [args, message] : cases) {
    std::vector<std::string> argv{binary_path("agent/app/sitepower-tail")};
    argv.insert(argv.end(), args.begin(), args.end());
    ChildProcess p(argv, dir_ + "/usage.log");
    EXPECT_EQ(p.wait(10s), 2) << args.front() << ": " << p.output();
    EXPECT_NE(p.output().find("sitepower-tail: " + message), std::string::npos) << p.output();
    EXPECT_NE(p.output().find("usage: sitepower-tail"), std::string::npos) << p.output();
    std::filesystem::remove(dir_ + "/usage.log");
  }
}

// Issue 17 item 15 (issue 10 item 18): the broker restarts under a live
// --check. It keeps no session, so the tail must subscribe again when it is
// back. The agent is held (SIGSTOP) until the tail has, so that nothing is
// published before either could have seen it; then the agent replays what it
// kept during the outage, and the check is whole.
TEST_F(TailTest, CheckStaysWholeAcrossABrokerRestart) {
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri(), "--check", "--since-start",
                     "--count", "40"},
                    dir_ + "/tail.log");
  ASSERT_TRUE(tail.wait_for_output("subscribed to", 10s)) << tail.output();
  start_agent(write_config(kSiteYaml));
  {
    Subscriber before(broker_->uri(), "sitepower/v1/+/+/telemetry");
    ASSERT_TRUE(before.wait_until([](const auto& m) { return m.size() >= 5; }, 20s)) << agent_->output();
  }
  broker_->stop();
  agent_->signal(SIGSTOP);
  broker_->start();
  const bool resubscribed = tail.wait_for_output("reconnected, subscribed again", 30s);
  agent_->signal(SIGCONT);
  ASSERT_TRUE(resubscribed) << tail.output();
  EXPECT_EQ(tail.wait(60s), 0) << tail.output() << agent_->output();
  EXPECT_NE(tail.output().find("unique, sequences 1.."), std::string::npos) << tail.output();
  EXPECT_NE(tail.output().find("total: 1 streams, 0 missing"), std::string::npos) << tail.output();
}

// Issue 17 item 17: an agent killed (SIGKILL) sends no final status; the
// broker's last will names no later sequence than was seen, so the check
// says the end is unknown instead of calling the boot whole.
TEST_F(TailTest, AKilledAgentsBootEndsUnknown) {
  ChildProcess tail({binary_path("agent/app/sitepower-tail"), "--broker", broker_->uri(), "--check", "--since-start"},
                    dir_ + "/tail.log");
  ASSERT_TRUE(tail.wait_for_output("subscribed to", 10s)) << tail.output();
  start_agent(write_config(kSiteYaml));
  {
    Subscriber sub(broker_->uri(), "sitepower/v1/+/+/telemetry");
    ASSERT_TRUE(sub.wait_until([](const auto& m) { return m.size() >= 5; }, 20s)) << agent_->output();
  }
  agent_->signal(SIGKILL);
  ASSERT_TRUE(tail.wait_for_output(" OFFLINE, last telemetry sequence", 20s)) << tail.output();
  tail.signal(SIGINT);
  EXPECT_EQ(tail.wait(10s), 0) << tail.output();
  EXPECT_NE(tail.output().find(", 0 missing; ended unknown; last seen "), std::string::npos) << tail.output();
}

}  // namespace
}  // namespace sitepower::test
