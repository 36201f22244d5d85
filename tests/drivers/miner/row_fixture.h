#pragma once
// A miner row (MinerRow) on a test's own io_context against miner-sim.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>
#include <sstream>

#include "miner_driver.h"
#include "poll_result.h"
#include "process.h"
#include "section.h"
#include "sim_process.h"

namespace sitepower::test {

// While alive, the default logger writes to text() instead of the console.
// The snmp and modbus fixtures hold the same class; a shared tests/support/
// copy is outside a driver's folders, left to the lead.
class MinerLogCapture {
 public:
  MinerLogCapture() : previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)));
  }
  ~MinerLogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }
  std::size_t count(const std::string& what) const {
    const std::string all = text();
    std::size_t n = 0;
    for (auto at = all.find(what); at != std::string::npos; at = all.find(what, at + 1)) ++n;
    return n;
  }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

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
