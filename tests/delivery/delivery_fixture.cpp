#include "delivery_fixture.h"

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sitepower/v1/alarm.pb.h"
#include "sitepower/v1/settlement.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower::test {

std::uint64_t DeliveryAudit::max_sequence(const std::string& boot) const {
  auto it = sequences.find(boot);
  return it == sequences.end() || it->second.empty() ? 0 : *it->second.rbegin();
}

DeliveryAudit& DeliveryAudit::update(const std::vector<Received>& msgs) {
  for (; consumed < msgs.size(); ++consumed) {
    const Received& m = msgs[consumed];
    // Alarm events and settlements go through the same outbox: their ids are
    // part of what must all arrive.
    v1::Alarm alarm;
    v1::Settlement settlement;
    if (m.topic.ends_with("/alarm") && alarm.ParseFromString(m.payload)) outbox_ids.insert(alarm.origin().outbox_id());
    if (m.topic.ends_with("/settlement") && settlement.ParseFromString(m.payload)) {
      outbox_ids.insert(settlement.origin().outbox_id());
    }
    v1::Telemetry t;
    if (!m.topic.ends_with("/telemetry") || !t.ParseFromString(m.payload)) continue;
    ++received;
    check.add(t.origin());
    if (!sequences.count(t.origin().boot_id())) boots.push_back(t.origin().boot_id());
    sequences[t.origin().boot_id()].insert(t.origin().sequence());
    outbox_ids.insert(t.origin().outbox_id());
  }
  return *this;
}

DeliveryAudit audit(const std::vector<Received>& msgs) {
  DeliveryAudit a;
  a.update(msgs);
  return a;
}

::testing::AssertionResult nothing_lost(const DeliveryAudit& a) {
  if (a.outbox_ids.empty()) return ::testing::AssertionFailure() << "no telemetry at all";
  if (a.check.missing() > 0) return ::testing::AssertionFailure() << a.check.report();
  for (const auto& [boot, seqs] : a.sequences) {
    if (*seqs.begin() != 1) return ::testing::AssertionFailure() << "boot " << boot << " starts at " << *seqs.begin();
  }
  const std::uint64_t first = *a.outbox_ids.begin(), last = *a.outbox_ids.rbegin();
  if (first != 1 || last - first + 1 != a.outbox_ids.size()) {
    return ::testing::AssertionFailure() << "outbox ids " << first << ".." << last << " but only " << a.outbox_ids.size()
                                         << " distinct\n" << a.check.report();
  }
  return ::testing::AssertionSuccess();
}

void DeliveryFixture::SetUp() {
  dir_ = make_temp_dir("sitepower-delivery");
  pki_ = std::make_unique<TestPki>(dir_);
  password_file_ = dir_ + "/mosquitto.passwd";
  write_passwords(true);
  acl_file_ = dir_ + "/mosquitto.acl";
  write_agent_acl("topic write sitepower/v1/itest/#\n");
}

void DeliveryFixture::TearDown() {
  agent_.reset();
  std::filesystem::remove_all(dir_);
}

void DeliveryFixture::write_passwords(bool agent_allowed) {
  std::ofstream(password_file_) << "central:central-secret\n" << (agent_allowed ? "agent:agent-secret\n" : "");
  run_tool({"/usr/bin/mosquitto_passwd", "-U", password_file_}, dir_ + "/passwd.log");  // hashes it in place
}

void DeliveryFixture::write_agent_acl(const std::string& rules) {
  // Lines before the first `user` apply to anonymous clients: the test
  // subscriber, and the marker restart_broker_for() sends to it. User
  // "central" is a consumer (sitepower-tail) on the TLS listener.
  std::ofstream(acl_file_) << "topic read sitepower/#\ntopic readwrite sitepower/v1/itest/marker\n\n"
                           << "user central\ntopic read sitepower/#\n\nuser agent\n" << rules;
}

// Mosquitto 2.0.11 does not queue, for a persistent session restored from
// its database, what is published before that session's client reconnects.
// An agent quicker to reconnect than the test's subscriber would make the
// subscriber (not the agent) miss messages, so the agent is refused until a
// marker sent through the broker has reached the subscriber.
void DeliveryFixture::restart_broker_for(SecureBroker& b, Subscriber& sub) {
  write_passwords(false);
  b.broker->start();
  mqtt::async_client marker(b.broker->uri(), "test-marker", nullptr);
  marker.connect()->wait();
  const auto markers = [](const std::vector<Received>& m) {
    return std::count_if(m.begin(), m.end(), [](const Received& r) { return r.topic.ends_with("/marker"); });
  };
  const auto before = markers(sub.messages());
  const auto has_marker = [&](const std::vector<Received>& m) { return markers(m) > before; };
  for (int i = 0; i < 50 && !has_marker(sub.messages()); ++i) {
    marker.publish("sitepower/v1/itest/marker", "back", 1, false)->wait();
    sub.wait_until(has_marker, std::chrono::milliseconds(200));
  }
  marker.disconnect()->wait();
  if (!has_marker(sub.messages())) throw std::runtime_error("the test subscriber did not come back");
  write_passwords(true);
  b.broker->reload();
}

SecureBroker DeliveryFixture::start_secure_broker() {
  SecureBroker b;
  b.tls_port = free_port();
  const std::string data = dir_ + "/broker-" + std::to_string(b.tls_port);  // its sessions survive its restarts
  std::filesystem::create_directories(data);
  std::ostringstream conf;
  conf << "persistence true\npersistence_location " << data << "/\n"
       << "password_file " << password_file_ << "\nacl_file " << acl_file_ << "\n"
       << "listener " << b.tls_port << " 127.0.0.1\n"
       << "cafile " << pki_->ca_cert << "\ncertfile " << pki_->server_cert << "\nkeyfile " << pki_->server_key << "\n"
       << "require_certificate true\n"
       // The test's subscriber must see everything the broker accepted, however
       // far a fast replay gets ahead of it (the default drops beyond 1000 queued).
       << "max_queued_messages 1000000\n";
  b.broker = std::make_unique<MosquittoBroker>(conf.str());
  if (!wait_for_port(b.tls_port, std::chrono::seconds(10))) throw std::runtime_error("TLS listener did not open");
  return b;
}

AgentSetup DeliveryFixture::setup(std::vector<std::string> brokers) {
  AgentSetup s;
  s.brokers = std::move(brokers);
  return s;
}

std::string DeliveryFixture::write_agent_config(const AgentSetup& s) {
  const std::string pass = dir_ + "/agent.pass";
  std::ofstream(pass) << s.password << "\n";
  std::ostringstream y;
  y << "site: {id: " << s.site_id << ", contracted_capacity_kw: 5000" << (s.site_keys.empty() ? "" : ", " + s.site_keys)
    << "}\n"
    << "agent: {id: ctrl-t, publish_interval_s: 0.1, log_level: debug, state_dir: " << dir_ << "/state}\n"
    << "mqtt:\n  brokers: [";
  for (std::size_t i = 0; i < s.brokers.size(); ++i) y << (i ? ", " : "") << s.brokers[i];
  y << "]\n  protocol: \"" << s.protocol << "\"\n  keepalive_s: 5\n  username: agent\n  password_file: " << pass << "\n"
    << "  tls: {ca_file: " << (s.ca_file.empty() ? pki_->ca_cert : s.ca_file) << ", cert_file: " << pki_->client_cert
    << ", key_file: " << pki_->client_key << "}\n";
  if (!s.outbox.empty()) y << "outbox: {" << s.outbox << "}\n";
  y << s.sections;
  y << "devices:\n  - {id: main, driver: sim, power_kw: 10, meters: [row-a], interval_s: 0.1}\n"
    << "  - {id: row-a, driver: sim, power_kw: 1000, interval_s: 0.1" << (s.row_a_keys.empty() ? "" : ", " + s.row_a_keys)
    << "}\n"
    << "tree:\n  id: site\n  meter: main\n  children:\n    - {id: row-a, meter: row-a, class: mining}\n";
  const std::string path = dir_ + "/site.yaml";
  std::ofstream(path) << y.str();
  return path;
}

void DeliveryFixture::start_agent(const std::string& config) {
  agent_.reset();  // one agent at a time; a killed one is reaped here
  agent_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{binary_path("agent/app/sitepower-agent"), "--config", config},
      dir_ + "/agent-" + std::to_string(++agent_runs_) + ".log");
}

void DeliveryFixture::restart_agent(const std::string& config) {
  agent_->signal(SIGTERM);
  EXPECT_EQ(agent_->wait(std::chrono::seconds(15)), 0) << agent_log();
  start_agent(config);
}

std::string DeliveryFixture::agent_log() const {
  std::string all;
  for (int i = 1; i <= agent_runs_; ++i) {
    std::ifstream in(dir_ + "/agent-" + std::to_string(i) + ".log");
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

}  // namespace sitepower::test
