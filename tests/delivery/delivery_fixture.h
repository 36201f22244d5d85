#pragma once
// A secured site for delivery tests: a real Mosquitto with TLS (openssl-made
// certificates, client certificates required), a password file and an ACL
// that lets user "agent" write only under sitepower/v1/itest/. The test's own
// subscriber reads through the broker's plain loopback listener, which the
// ACL limits to reading.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "broker.h"
#include "process.h"
#include "stream_check.h"
#include "subscriber.h"
#include "test_pki.h"

namespace sitepower::test {

struct SecureBroker {
  std::unique_ptr<MosquittoBroker> broker;
  int tls_port = 0;
  std::string tls_uri() const { return "ssl://127.0.0.1:" + std::to_string(tls_port); }
};

// What the agent's config says about delivery; the defaults are all correct.
struct AgentSetup {
  std::vector<std::string> brokers;
  std::string ca_file;                  // default: the test CA
  std::string password = "agent-secret";
  std::string protocol = "5";
  std::string outbox;                   // extra `outbox:` keys, e.g. "max_mb: 0.01"
  std::string site_id = "itest";
  std::string site_keys;                // extra `site:` keys, e.g. "demand_window_min: 1"
  std::string sections;                 // extra top-level sections, as YAML lines (e.g. "alarms: {...}\n")
  std::string row_a_keys;               // extra keys of the sim device row-a, e.g. "quiet_after_s: 5"
};

// Telemetry seen by a subscriber, de-duplicated as a consumer would.
// update() reads only the messages it has not seen yet, so a wait predicate
// can keep one and stay cheap over tens of thousands of messages.
struct DeliveryAudit {
  DeliveryAudit& update(const std::vector<Received>& msgs);
  StreamCheck check;
  std::map<std::string, std::set<std::uint64_t>> sequences;  // by boot id, in order of first appearance
  std::vector<std::string> boots;
  std::set<std::uint64_t> outbox_ids;
  std::size_t received = 0;
  std::size_t consumed = 0;  // messages of the subscriber's list read so far
  std::uint64_t max_sequence(const std::string& boot) const;
};
DeliveryAudit audit(const std::vector<Received>& msgs);
// Every boot starts at sequence 1 without a gap, and the outbox ids (which
// run on across restarts) are 1..max without a gap: nothing was lost.
::testing::AssertionResult nothing_lost(const DeliveryAudit& a);

class DeliveryFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  SecureBroker start_secure_broker();
  // Starts a stopped broker again, keeping the agent out until `sub` is back.
  void restart_broker_for(SecureBroker& b, Subscriber& sub);
  void write_passwords(bool agent_allowed);
  // The ACL's rules for user "agent" (the default allows the site prefix).
  void write_agent_acl(const std::string& rules);
  static AgentSetup setup(std::vector<std::string> brokers);
  std::string write_agent_config(const AgentSetup& setup);
  std::string write_agent_config(std::vector<std::string> brokers) { return write_agent_config(setup(std::move(brokers))); }
  void start_agent(const std::string& config);
  // SIGTERM (it must exit 0), then start again with `config`, same state directory.
  void restart_agent(const std::string& config);
  std::string agent_log() const;

  std::string dir_;
  std::unique_ptr<TestPki> pki_;
  std::unique_ptr<ChildProcess> agent_;
  int agent_runs_ = 0;

 private:
  std::string acl_file_, password_file_;
};

}  // namespace sitepower::test
