#pragma once
// Runs the real sitepower-agent binary against a real Mosquitto.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "broker.h"
#include "process.h"
#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"
#include "subscriber.h"

namespace sitepower::test {

// A deterministic site (no noise): main meter 10 kW own load + rows.
inline const char* kSiteYaml = R"(site:
  id: itest
  contracted_capacity_kw: 5000
agent:
  id: ctrl-t
  publish_interval_s: 0.2
  log_level: debug
devices:
  - {id: main, driver: sim, power_kw: 10, meters: [row-a, row-b, gpu], interval_s: 0.1}
  - {id: row-a, driver: sim, power_kw: 1000, interval_s: 0.1}
  - {id: row-b, driver: sim, power_kw: 900, interval_s: 0.1}
  - {id: gpu, driver: sim, power_kw: 400, interval_s: 0.1}
tree:
  id: site
  meter: main
  children:
    - {id: row-a, meter: row-a, class: mining}
    - {id: row-b, meter: row-b, class: mining}
    - {id: gpu, meter: gpu, class: ai}
)";

class AgentFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-it");
    // The agent's durable outbox lives in its state directory; one per test,
    // or a test would replay what another (or an earlier run) left behind.
    ::setenv("STATE_DIRECTORY", (dir_ + "/state").c_str(), 1);
    broker_ = std::make_unique<MosquittoBroker>();
  }
  void TearDown() override {
    agent_.reset();
    broker_.reset();
    std::filesystem::remove_all(dir_);
    ::unsetenv("STATE_DIRECTORY");
  }
  std::string write_config(const std::string& text, const std::string& name = "site.yaml") {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  void start_agent(const std::string& config, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{binary_path("agent/app/sitepower-agent"), "--config", config, "--broker", broker_->uri()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    agent_ = std::make_unique<ChildProcess>(argv, dir_ + "/agent.log");
  }
  // Runs the agent binary with `args` to its exit; its output is then in out_.
  int run(std::vector<std::string> args) {
    args.insert(args.begin(), binary_path("agent/app/sitepower-agent"));
    ChildProcess p(args, dir_ + "/cli.log");
    const int rc = p.wait(std::chrono::seconds(30));
    out_ = p.output();
    std::filesystem::remove(dir_ + "/cli.log");
    return rc;
  }
  static std::vector<v1::Telemetry> telemetry(const std::vector<Received>& msgs) {
    std::vector<v1::Telemetry> out;
    for (const auto& m : msgs) {
      if (m.topic.ends_with("/telemetry")) {
        v1::Telemetry t;
        EXPECT_TRUE(t.ParseFromString(m.payload));
        out.push_back(t);
      }
    }
    return out;
  }
  static std::size_t count_suffix(const std::vector<Received>& msgs, const std::string& suffix) {
    std::size_t n = 0;
    for (const auto& m : msgs) n += m.topic.ends_with(suffix);
    return n;
  }

  std::string dir_;
  std::unique_ptr<MosquittoBroker> broker_;
  std::unique_ptr<ChildProcess> agent_;
  std::string out_;  // the last run()'s output
};

// A device's value in a decoded Telemetry message; nullptr when absent.
inline const v1::DeviceReading* find_device_reading(const v1::Telemetry& t, const std::string& device,
                                                    const std::string& channel, const std::string& quantity) {
  for (const auto& r : t.readings()) {
    if (r.device_id() == device && r.channel() == channel && r.quantity() == quantity) return &r;
  }
  return nullptr;
}

// A load class's total in a decoded Telemetry message; nullptr when absent.
inline const v1::ClassPower* find_class(const v1::Telemetry& t, const std::string& name) {
  for (const auto& c : t.classes()) {
    if (c.load_class() == name) return &c;
  }
  return nullptr;
}

// A tree node in a decoded Telemetry message; nullptr when absent.
inline const v1::GroupPower* find_group(const v1::Telemetry& t, const std::string& id) {
  for (const auto& g : t.groups()) {
    if (g.id() == id) return &g;
  }
  return nullptr;
}

// A rollup of a node or class (GroupPower/ClassPower rollups); nullptr when absent.
template <typename Owner>
const v1::Rollup* find_rollup(const Owner& owner, const std::string& quantity) {
  for (const auto& r : owner.rollups()) {
    if (r.quantity() == quantity) return &r;
  }
  return nullptr;
}

}  // namespace sitepower::test
