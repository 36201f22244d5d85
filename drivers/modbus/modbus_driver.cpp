#include "modbus_driver.h"

#include <algorithm>
#include <stdexcept>

#include "backoff.h"
#include "config_error.h"
#include "modbus_device.h"
#include "section.h"

namespace sitepower {

using namespace modbus;

namespace {

LineSettings read_line(Section& cfg) {
  LineSettings line;
  const std::string transport = cfg.get_choice("transport", "tcp", {"tcp", "rtu-over-tcp", "rtu"});
  line.framing = transport == "tcp" ? Framing::Tcp : Framing::Rtu;
  if (transport == "rtu") {
    SerialSettings s;
    s.device = cfg.require_string("device");
    s.baud = static_cast<unsigned>(cfg.get_int("baud", 9600, 300, 921600));
    const std::string parity = cfg.get_choice("parity", "none", {"none", "even", "odd"});
    s.parity = parity == "none" ? 'N' : parity == "even" ? 'E' : 'O';
    s.stop_bits = static_cast<unsigned>(cfg.get_int("stop_bits", 1, 1, 2));
    line.serial = s;
  } else {
    line.host = cfg.require_string("host");
    line.port = static_cast<std::uint16_t>(cfg.get_int("port", 502, 1, 65535));
    // Optional: the gateway's RS-485 side, for the line's capacity estimate.
    if (transport == "rtu-over-tcp" && cfg.has("baud")) line.gateway_baud = static_cast<unsigned>(cfg.get_int("baud", 9600, 300, 921600));
  }
  return line;
}

Profile read_profile(Section& cfg, const std::string& config_dir) {
  const std::string ref = cfg.require_string("profile");
  std::string path;
  try {
    path = find_profile(ref, config_dir);
  } catch (const ConfigError& e) {
    cfg.fail_value("profile", std::string("a shipped profile name or a profile file: ") + e.what());
  }
  Profile profile = load_profile(path);
  merge_points(cfg, profile);  // inline `points:` override or extend the file's
  profile.max_gap = static_cast<unsigned>(cfg.get_int("max_gap", profile.max_gap, 0, kMaxReadRegisters));
  return profile;
}

}  // namespace

std::unique_ptr<Driver> make_modbus_driver(Section& cfg, const DriverContext& ctx) {
  DeviceSettings s;
  s.device_id = ctx.device_id;
  s.line = read_line(cfg);
  const bool serial_framing = s.line.framing == Framing::Rtu;
  s.unit = static_cast<std::uint8_t>(cfg.get_int("unit", 1, serial_framing ? 1 : 0, serial_framing ? 247 : 255));
  s.profile = read_profile(cfg, ctx.config_dir);
  s.retries = static_cast<unsigned>(cfg.get_int("retries", 1, 0, 5));
  s.retry_backoff = cfg.get_seconds("retry_backoff_s", 0.05, 0, 10);
  s.interval = ctx.interval;
  // By default every try and backoff fits in 90 % of the device's timeout, so a
  // dead unit's poll ends with the driver's own "no answer (N tries)", not the
  // scheduler's timeout.
  const double device_timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  const double backoffs_s = std::chrono::duration<double>(Backoff::total(s.retry_backoff, s.retries)).count();
  const double fitted_s = std::max(0.005, (0.9 * device_timeout_s - backoffs_s) / (s.retries + 1));
  s.response_timeout = cfg.get_seconds("response_timeout_s", std::min(fitted_s, device_timeout_s), 0.005, device_timeout_s);
  try {
    return std::make_unique<ModbusDevice>(ctx.executor, std::move(s));
  } catch (const std::invalid_argument& e) {
    cfg.fail_value("points", std::string("registers inside the table: ") + e.what());
  }
}

}  // namespace sitepower
