#include "once_report.h"

#include <chrono>

#include "sitepower/v1/telemetry.pb.h"
#include "telemetry_message.h"
#include "telemetry_view.h"
#include "wire_values.h"

namespace sitepower {

void print_once(std::ostream& out, const SiteConfig& config, const Agent::OnceResult& once) {
  v1::Telemetry t = telemetry_message(once.split, once.readings);
  t.mutable_origin()->set_site_id(config.site_id);
  t.mutable_origin()->set_agent_id(config.agent_id);
  t.set_time_unix_ms(unix_ms(std::chrono::system_clock::now()));
  out << render_table(t) << "\nreadings:\n" << render_readings(t);
}

void print_device_once(std::ostream& out, const DeviceConfig& device, const Agent::OnceResult& once) {
  out << "device " << device.id << " [" << device.driver << "]: " << device.settings->describe() << "\n";
  for (const DeviceCondition& d : once.devices) {
    if (d.id != device.id) continue;
    out << "state: " << to_string(d.quality) << (d.error.empty() ? "" : " (" + d.error + ")") << ", "
        << d.failed_polls << " failed polls\n";
  }
  out << "\nrequests:\n";
  for (const std::string& line : once.requests) out << "  " << line << "\n";
  if (once.requests.empty()) out << "  (none)\n";
  out << "\nreadings:\n";
  if (once.readings.empty()) out << "  (none)\n";
  else out << render_readings(telemetry_message(SplitResult{}, once.readings));
}

}  // namespace sitepower
