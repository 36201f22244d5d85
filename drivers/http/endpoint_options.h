#pragma once
// The keys every HTTP(S) device shares (prometheus, redfish), declared once:
// where the endpoint is, TLS, credentials from a file, the request timeout
// and the reply cap, and their reading into the client's settings.
#include <string>
#include <vector>

#include "driver.h"
#include "http_client.h"

namespace sitepower::http {

struct EndpointDefaults {
  double port;         // 9400 for dcgm-exporter, 443 for a BMC
  std::string scheme;  // "http" or "https"
  std::string port_help;
};

// The keys, for a driver to put in its own table with its own.
std::vector<Option> endpoint_options(const EndpointDefaults& defaults, std::vector<Option> own);

// Reads them into `c` (its log_name "<driver> <device id>"), with errors at
// file:line:key. By default a request ends (with the driver's own reason)
// before the scheduler's timeout cancels the poll: 0.9 × timeout_s.
void read_endpoint(const OptionValues& v, const DriverContext& ctx, const std::string& driver, ClientSettings& c);

// "https://10.0.0.5:443"; and ", user ops", ", TLS not verified" as they
// apply: never a secret.
std::string describe_endpoint(const ClientSettings& c);
std::string describe_access(const ClientSettings& c);

}  // namespace sitepower::http
