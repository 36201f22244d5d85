#pragma once
// One Modbus device: a unit id on a line, read through its profile.
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver.h"
#include "modbus_line.h"
#include "profile.h"
#include "read_plan.h"
#include "sunspec_scan.h"

namespace sitepower::modbus {

// One device's `driver: modbus` section, read (drivers/modbus/modbus_driver.cpp).
struct ModbusSettings : sitepower::DeviceSettings {
  std::string device_id;
  LineSettings line;
  std::uint8_t unit = 1;
  Profile profile;
  std::chrono::milliseconds response_timeout{500};
  unsigned retries = 1;
  std::chrono::milliseconds retry_backoff{50};  // doubled after each retry
  std::chrono::milliseconds interval{1000};      // for the line's capacity estimate
  std::optional<ReadPlan> plan;  // fixed profiles: built (and checked) at load; SunSpec: after the scan

  std::string describe() const override;
  std::optional<std::vector<ChannelQuantity>> channels() const override;
};

class ModbusDevice : public Driver {
 public:
  ModbusDevice(boost::asio::any_io_executor ex, ModbusSettings settings);
  ~ModbusDevice() override;

  void poll(PollCallback done) override;
  void poll_queued(PollCallback done, std::function<void()> started) override;
  void cancel() override;
  void set_demoted(bool demoted) override { demoted_ = demoted; }
  void set_request_trace(RequestTrace trace) override { trace_ = std::move(trace); }

 private:
  void scan_step();
  void read_block(std::size_t index);
  // Sends `req`, retrying malformed answers and silence with backoff; `on_answer`
  // gets registers or an exception, or the poll fails once retries run out.
  void request(const ReadRequest& req, unsigned attempt, std::function<void(const Response&)> on_answer);
  void fail_poll(const std::string& why);
  void complete(PollResult result);

  ModbusSettings settings_;
  std::shared_ptr<Line> line_;
  boost::asio::steady_timer retry_timer_;
  std::optional<ReadPlan> plan_;  // fixed profiles: built at start-up; SunSpec: after the scan
  std::optional<SunSpecScan> scan_;
  std::vector<BlockResult> results_;
  PollCallback done_;
  std::function<void()> started_;  // for the poll's first request to get the line
  bool demoted_ = false;           // probes: one try, after healthy devices' requests
  unsigned long poll_id_ = 0;  // answers for an older, cancelled poll are ignored
  RequestTrace trace_;
};

}  // namespace sitepower::modbus
