#pragma once
// Runs the modbus driver in the test's own event loop against a real
// libmodbus peer, so each fault is seen exactly as the driver sees it.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <optional>
#include <sstream>

#include "driver.h"
#include "modbus/modbus_driver.h"
#include "peer_process.h"
#include "section.h"

namespace sitepower::test {

// While alive, the default logger writes to text() instead of the console.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_)));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
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

class ModbusDeviceTest : public ::testing::Test {
 protected:
  using Mode = ModbusPeerProcess::Mode;

  void SetUp() override { dir_ = make_temp_dir("sitepower-modbus"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ModbusPeerProcess& start_peer(Mode mode, const std::vector<ModbusPeerProcess::UnitImage>& units) {
    peers_.push_back(std::make_unique<ModbusPeerProcess>(mode, units, dir_));
    return *peers_.back();
  }

  // The device section's transport keys for `peer`.
  static std::string where(const ModbusPeerProcess& peer) {
    if (!peer.pty().empty()) return "transport: rtu, device: " + peer.pty();
    return "host: 127.0.0.1, port: " + std::to_string(peer.port());
  }

  std::unique_ptr<Driver> make(const std::string& flow_yaml, std::chrono::milliseconds timeout = std::chrono::seconds(1)) {
    Section s = load_yaml_text(flow_yaml, dir_ + "/site.yaml", "devices[0]");
    const DriverKind kind = modbus_driver_kind();
    return kind.build(*kind.read(s, DriverContext{"meter", dir_, timeout, std::chrono::seconds(1)}), io_.get_executor());
  }

  // One poll, bounded like the scheduler bounds it: cancel() at the deadline.
  PollResult poll(Driver& d, std::chrono::milliseconds deadline = std::chrono::seconds(3)) {
    std::optional<PollResult> got;
    d.poll([&](PollResult r) { got = std::move(r); });
    const auto end = std::chrono::steady_clock::now() + deadline;
    io_.restart();
    while (!got && io_.run_one_until(end)) {
    }
    if (!got) {
      d.cancel();
      return {{}, "test deadline passed"};
    }
    return *got;
  }

  static const Reading* find(const PollResult& r, const std::string& channel, const std::string& quantity) {
    for (const auto& x : r.readings) {
      if (x.channel == channel && x.quantity == quantity) return &x;
    }
    return nullptr;
  }

  boost::asio::io_context io_;
  std::string dir_;
  std::vector<std::unique_ptr<ModbusPeerProcess>> peers_;
};

}  // namespace sitepower::test
