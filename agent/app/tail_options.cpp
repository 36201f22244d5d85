#include "tail_options.h"

#include <charconv>
#include <stdexcept>

#include "credential_files.h"
#include "mqtt_names.h"

namespace sitepower {
namespace {

// The same URI rule as the agent's config and --broker.
std::string checked_broker(const std::string& uri) {
  if (is_broker_uri(uri)) return uri;
  throw std::invalid_argument("--broker: expected tcp://, mqtt://, ssl:// or mqtts:// and a host, got '" + uri + "'");
}

// The agent's rules for its mqtt.tls files (credential_files.h).
std::string checked_file(const std::string& option, const std::string& path) {
  if (is_readable_file(path)) return path;
  throw std::invalid_argument(option + ": expected a readable file (" + path + " does not exist or cannot be read)");
}

std::string checked_password(const std::string& path) {
  try {
    return read_password_file(path);
  } catch (const PasswordFileError& e) {
    throw std::invalid_argument(std::string("--password-file: expected a file holding the password (") + e.what() + ")");
  }
}

// The agent's rules for its mqtt: section, as far as one broker has them.
void check_tls_and_credentials(TailOptions& o) {
  o.tls.enabled = is_tls_uri(o.broker);
  const bool tls_files = !o.tls.ca_file.empty() || !o.tls.cert_file.empty() || !o.tls.key_file.empty();
  if (tls_files && !o.tls.enabled) {
    throw std::invalid_argument("--ca-file, --cert-file and --key-file need an ssl:// or mqtts:// --broker");
  }
  if (o.tls.cert_file.empty() != o.tls.key_file.empty()) {
    throw std::invalid_argument("--cert-file and --key-file go together");
  }
  if (!o.password.empty() && o.username.empty()) throw std::invalid_argument("--password-file needs --username");
}

long checked_count(const std::string& text) {
  long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1) {
    throw std::invalid_argument("--count: expected a whole number of messages, 1 or more, got '" + text + "'");
  }
  return n;
}

}  // namespace

const char* const kTailUsage = R"(usage: sitepower-tail [options]

  --broker URI    broker to subscribe to (default tcp://127.0.0.1:1883; ssl://... for TLS)
  --ca-file FILE  CA that signed the broker's certificate (TLS)
  --cert-file FILE, --key-file FILE
                  client certificate and key (TLS)
  --username USER, --password-file FILE
                  credentials; the password is read from the file only: its
                  first line, the rest of the file blank (as the agent's
                  mqtt.password_file)
  --topic FILTER  topic filter (default sitepower/v1/#)
  --json          one JSON object per message, per line
  --count N       exit after N telemetry messages
  --check         print nothing per message (one line on stderr when a boot
                  goes ONLINE or OFFLINE); at exit (Ctrl-C or --count) report
                  per (agent, boot) the duplicates, the gaps in the sequence
                  numbers, a missing last message (from the boot's final
                  status) and how the boot ended; exit status 1 if anything
                  is missing
  --since-start   with --check: the check started before the agents did, so a
                  boot first seen above sequence 1 lost its first messages
                  (without it, such a boot is reported as "joined at N")
  --help          this text

After a broker restart or a dropped connection it reconnects (every 1-2 s)
and subscribes again. What was published while it was away is not seen by it:
--check then reports a gap.
)";

TailOptions parse_tail_options(int argc, char** argv) {
  TailOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--broker") o.broker = checked_broker(value());
    else if (a == "--topic") o.filter = value();
    else if (a == "--count") o.count = checked_count(value());
    else if (a == "--ca-file") o.tls.ca_file = checked_file(a, value());
    else if (a == "--cert-file") o.tls.cert_file = checked_file(a, value());
    else if (a == "--key-file") o.tls.key_file = checked_file(a, value());
    else if (a == "--username") o.username = value();
    else if (a == "--password-file") o.password = checked_password(value());
    else if (a == "--json") o.json = true;
    else if (a == "--check") o.check = true;
    else if (a == "--since-start") o.since_start = true;
    else if (a == "--help" || a == "-h") o.help = true;
    else throw std::invalid_argument("unknown option " + a);
  }
  if (o.filter.empty()) throw std::invalid_argument("--topic: expected a topic filter, got ''");
  if (o.since_start && !o.check) throw std::invalid_argument("--since-start only applies to --check");
  check_tls_and_credentials(o);
  return o;
}

}  // namespace sitepower
