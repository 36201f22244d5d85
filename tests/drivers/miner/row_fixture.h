#pragma once
// A miner row (MinerRow) on a test's own io_context against miner-sim.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include "log_capture.h"
#include "miner_driver.h"
#include "poll_result.h"
#include "process.h"
#include "section.h"
#include "sim_process.h"

namespace sitepower::test {

class MinerRowTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("sitepower-miner"); }
  void TearDown() override {
    sims_.clear();
    std::filesystem::remove_all(dir_);
  }
  MinerSimProcess& start_sim(const std::vector<std::string>& specs) {
    sims_.push_back(std::make_unique<MinerSimProcess>(specs, dir_));
    return *sims_.back();
  }
  // A row from its keys (without braces); `timeout`/`interval` are the core keys.
  std::unique_ptr<Driver> make(const std::string& keys, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000),
                               std::chrono::milliseconds interval = std::chrono::milliseconds(2500)) {
    Section s = load_yaml_text("{" + keys + "}", "test.yaml", "devices[0]");
    const DriverKind kind = miner_driver_kind();
    return kind.build(*kind.read(s, DriverContext{"row-a", dir_, timeout, interval}), io_.get_executor());
  }
  PollResult poll(Driver& d) {
    PollResult out;
    bool called = false;
    d.poll([&](PollResult r) {
      out = std::move(r);
      called = true;
    });
    io_.restart();
    io_.run();
    EXPECT_TRUE(called);
    return out;
  }

 public:
  static const Reading* find(const PollResult& r, const std::string& channel, const std::string& quantity) {
    for (const Reading& x : r.readings) {
      if (x.channel == channel && x.quantity == quantity) return &x;
    }
    return nullptr;
  }
  static double value(const PollResult& r, const std::string& channel, const std::string& quantity) {
    const Reading* x = find(r, channel, quantity);
    EXPECT_NE(x, nullptr) << channel << "/" << quantity;
    return x ? x->value : -1e9;
  }

 protected:

  boost::asio::io_context io_;
  std::string dir_;
  std::vector<std::unique_ptr<MinerSimProcess>> sims_;
};

}  // namespace sitepower::test
