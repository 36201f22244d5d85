#pragma once
// Runs the modbus driver in the test's own event loop against a real
// libmodbus peer, so each fault is seen exactly as the driver sees it.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <optional>
#include <sstream>

#include "driver_harness.h"
#include "log_capture.h"
#include "driver.h"
#include "modbus/modbus_driver.h"
#include "peer_process.h"
#include "section.h"

namespace sitepower::test {

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
    return make_driver(modbus_driver_kind(), flow_yaml, dir_, "meter", timeout, io_);
  }

  // One poll, bounded like the scheduler bounds it: cancel() at the deadline.
  PollResult poll(Driver& d, std::chrono::milliseconds deadline = std::chrono::seconds(3)) {
    return poll_bounded(io_, d, deadline);
  }

  static const Reading* find(const PollResult& r, const std::string& channel, const std::string& quantity) {
    return find_reading(r, channel, quantity);
  }

  boost::asio::io_context io_;
  std::string dir_;
  std::vector<std::unique_ptr<ModbusPeerProcess>> peers_;
};

}  // namespace sitepower::test
