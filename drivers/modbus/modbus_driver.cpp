#include "modbus_driver.h"

#include <algorithm>
#include <stdexcept>

#include "backoff.h"
#include "config_error.h"
#include "modbus_device.h"
#include "option_table.h"
#include "profile_lookup.h"

namespace sitepower {

using namespace modbus;

namespace {

const OptionTable kOptions{
    "modbus",
    "any Modbus TCP / RTU / RTU-over-TCP meter described by a profile",
    {
        Option::choice("transport", {"tcp", "rtu-over-tcp", "rtu"}).def("tcp")
            .help("`tcp` (Modbus TCP), `rtu-over-tcp` (RTU frames through a transparent gateway), `rtu` (a local serial port)"),
        Option::string("host").derived("required for tcp, rtu-over-tcp")
            .help("the device's or gateway's address"),
        Option::integer("port", 1, 65535).def(502.0).help("TCP port (tcp and rtu-over-tcp)"),
        Option::string("device").derived("required for rtu").help("serial port, e.g. /dev/ttyUSB0 (rtu)"),
        Option::integer("baud", 300, 921600).def(9600.0)
            .help("serial speed (rtu); on rtu-over-tcp, optional: the gateway's RS-485 speed, for the line's capacity estimate"),
        Option::choice("parity", {"none", "even", "odd"}).def("none").help("serial parity, 8 data bits (rtu)"),
        Option::integer("stop_bits", 1, 2).def(1.0).help("serial stop bits (rtu)"),
        Option::integer("unit", 0, 255).def(1.0).help("unit id: 0 to 255 on tcp, 1 to 247 on rtu and rtu-over-tcp"),
        Option::string("profile").require()
            .help("shipped profile name (`eastron-sdm630`) or a file path ending in `.yaml` or containing `/`, relative to the config"),
        Option::list("points").help("inline points: same `channel` + `quantity` as a profile point replaces it, others are added"),
        Option::integer("max_gap", 0, kMaxReadRegisters).derived("the profile's, else 16")
            .help("unused registers bridged to merge two reads into one"),
        Option::integer("retries", 0, 5).def(1.0).help("extra tries of a request that got no or a garbled answer"),
        Option::seconds("retry_backoff_s", 0, 10).def(0.05).help("wait before the first retry, doubled for each further one"),
        Option::seconds("response_timeout_s", 0.005, 3600)
            .derived("(0.9 × timeout_s − backoffs) / (retries + 1): 335 ms at the defaults")
            .help("per request, counted from when it is sent; at most the device's `timeout_s`"),
    }};

LineSettings read_line(const OptionValues& v) {
  LineSettings line;
  const std::string transport = v.choice("transport");
  line.framing = transport == "tcp" ? Framing::Tcp : Framing::Rtu;
  const std::string not_here = "no such key with transport " + transport;
  if (transport == "rtu") {
    if (!v.has("device")) v.fail("device", "a non-empty string (the key is required)");
    for (const char* k : {"host", "port"}) v.reject(k, not_here);
    SerialSettings s;
    s.device = v.string("device");
    s.baud = static_cast<unsigned>(v.integer("baud"));
    const std::string parity = v.choice("parity");
    s.parity = parity == "none" ? 'N' : parity == "even" ? 'E' : 'O';
    s.stop_bits = static_cast<unsigned>(v.integer("stop_bits"));
    line.serial = s;
  } else {
    if (!v.has("host")) v.fail("host", "a non-empty string (the key is required)");
    for (const char* k : {"device", "parity", "stop_bits"}) v.reject(k, not_here);
    if (transport == "tcp") v.reject("baud", not_here);
    line.host = v.string("host");
    line.port = static_cast<std::uint16_t>(v.integer("port"));
    // Optional: the gateway's RS-485 side, for the line's capacity estimate.
    if (transport == "rtu-over-tcp" && v.has("baud")) line.gateway_baud = static_cast<unsigned>(v.integer("baud"));
  }
  return line;
}

Profile read_profile(const OptionValues& v, const std::string& config_dir) {
  Profile profile = load_profile(profile_key_path(v, config_dir, SITEPOWER_PROFILE_DIR));
  merge_points(v.section(), profile);  // inline `points:` override or extend the file's
  profile.max_gap = static_cast<unsigned>(v.integer_or("max_gap", profile.max_gap));
  return profile;
}

std::shared_ptr<const ModbusSettings> parse(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<ModbusSettings>();
  s->device_id = ctx.device_id;
  s->line = read_line(v);
  s->unit = static_cast<std::uint8_t>(v.integer("unit"));
  if (s->line.framing == Framing::Rtu && (s->unit < 1 || s->unit > 247)) {
    v.fail_value("unit", "a whole number from 1 to 247");
  }
  s->profile = read_profile(v, ctx.config_dir);
  s->retries = static_cast<unsigned>(v.integer("retries"));
  s->retry_backoff = v.seconds("retry_backoff_s");
  s->interval = ctx.interval;
  // By default every try and backoff fits in 90 % of the device's timeout, so a
  // dead unit's poll ends with the driver's own "no answer (N tries)", not the
  // scheduler's timeout.
  const double device_timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  const double backoffs_s = std::chrono::duration<double>(Backoff::total(s->retry_backoff, s->retries)).count();
  const double fitted_s = std::max(0.005, (0.9 * device_timeout_s - backoffs_s) / (s->retries + 1));
  if (v.number_or("response_timeout_s", 0) > device_timeout_s) {
    v.fail_value("response_timeout_s", number_range(0.005, device_timeout_s));
  }
  s->response_timeout = v.seconds_or("response_timeout_s", std::min(fitted_s, device_timeout_s));
  const Profile& p = s->profile;
  try {
    if (!p.sunspec) s->plan.emplace(p.points, 0, p.max_gap, p.max_registers, false);
  } catch (const std::invalid_argument& e) {
    v.fail_value("points", std::string("registers inside the table: ") + e.what());
  }
  return s;
}

std::unique_ptr<Driver> build(const ModbusSettings& s, const boost::asio::any_io_executor& executor) {
  return std::make_unique<ModbusDevice>(executor, s);
}

}  // namespace

DriverKind modbus_driver_kind() { return DriverKind::of<ModbusSettings>(kOptions, parse, build); }

}  // namespace sitepower
