#pragma once
// Runs the snmp driver in the test's own event loop against Debian's snmpd
// (snmpd_process.h), so each fault is seen exactly as the driver sees it.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "driver_harness.h"
#include "log_capture.h"
#include "driver.h"
#include "section.h"
#include "snmp_driver.h"
#include "snmpd_process.h"

namespace sitepower::test {

class PduTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("sitepower-snmp");
    std::ofstream(dir_ + "/community") << kCommunity << "\n";
    std::ofstream(dir_ + "/wrong-community") << "not-" << kCommunity << "\n";
    std::ofstream(dir_ + "/auth") << kAuthPassword << "\n";
    std::ofstream(dir_ + "/priv") << kPrivPassword << "\n";
    std::ofstream(dir_ + "/wrong-pass") << "wrong-pass-999\n";
  }
  void TearDown() override {
    snmpd_.reset();
    std::filesystem::remove_all(dir_);
  }

  // snmpd serving tests/drivers/snmp/peer/values/<profile>.txt (copied, so a test may change it).
  SnmpdProcess& start_snmpd(const std::string& profile) {
    values_ = dir_ + "/values.txt";
    std::filesystem::copy_file(source_path("tests/drivers/snmp/peer/values/" + profile + ".txt"), values_);
    snmpd_ = std::make_unique<SnmpdProcess>(dir_, values_);
    return *snmpd_;
  }
  // Changes what the PDU serves: every line holding `from` gets `to` instead of it.
  void serve_changed(const std::string& from, const std::string& to) {
    std::istringstream in(read_text(values_));
    std::string out, line;
    while (std::getline(in, line)) {
      if (const auto at = line.find(from); at != std::string::npos) line.replace(at, from.size(), to);
      out += line + "\n";
    }
    write_file_atomically(values_, out);
  }
  void serve_without(const std::string& oid_prefix) {
    std::istringstream in(read_text(values_));
    std::string out, line;
    while (std::getline(in, line)) {
      if (!line.starts_with(oid_prefix)) out += line + "\n";
    }
    write_file_atomically(values_, out);
  }

  std::string v2c(int port, const std::string& profile, const std::string& community_file = "community") const {
    return "{host: 127.0.0.1, port: " + std::to_string(port) + ", profile: " + profile +
           ", community_file: " + community_file + "}";
  }
  std::string v3(int port, const std::string& profile, const std::string& user, const std::string& extra = "") const {
    return "{host: 127.0.0.1, port: " + std::to_string(port) + ", profile: " + profile + ", version: '3', user: " + user +
           ", auth_password_file: auth, priv_password_file: priv" + (extra.empty() ? "" : ", " + extra) + "}";
  }

  std::unique_ptr<Driver> make(const std::string& yaml, std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    return make_driver(snmp_driver_kind(), yaml, dir_, "pdu-1", timeout, io_);
  }

  // One poll, bounded like the scheduler bounds it: cancel() at the deadline.
  PollResult poll(Driver& d, std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
    return poll_bounded(io_, d, deadline);
  }

  static const Reading* find(const PollResult& r, const std::string& channel, const std::string& quantity) {
    return find_reading(r, channel, quantity);
  }

  std::string dir_;
  std::string values_;
  boost::asio::io_context io_;
  std::unique_ptr<SnmpdProcess> snmpd_;
};

}  // namespace sitepower::test
