#pragma once
#include <string>

#include "delivery_config.h"

namespace sitepower {

// sitepower-tail's command line.
struct TailOptions {
  std::string broker = "tcp://127.0.0.1:1883";
  std::string filter = "sitepower/v1/#";
  TlsConfig tls;  // enabled by an ssl:// or mqtts:// broker; always verifies
  std::string username;
  std::string password;  // read from --password-file (credential_files.h); never printed
  bool json = false, check = false, since_start = false, help = false;
  long count = -1;  // telemetry messages to take before exiting; -1: until a signal
};

extern const char* const kTailUsage;

// Throws std::invalid_argument saying which option is wrong and why.
TailOptions parse_tail_options(int argc, char** argv);

}  // namespace sitepower
