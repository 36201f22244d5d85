#include "tail_options.h"

#include <charconv>
#include <stdexcept>

#include "mqtt_names.h"

namespace sitepower {
namespace {

// The same URI rule as the agent's config and --broker.
std::string checked_broker(const std::string& uri) {
  if (is_broker_uri(uri)) return uri;
  throw std::invalid_argument("--broker: expected tcp://, mqtt://, ssl:// or mqtts:// and a host, got '" + uri + "'");
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
                  credentials; the password is read from the file only
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
    else if (a == "--ca-file") o.ca_file = value();
    else if (a == "--cert-file") o.cert_file = value();
    else if (a == "--key-file") o.key_file = value();
    else if (a == "--username") o.username = value();
    else if (a == "--password-file") o.password_file = value();
    else if (a == "--json") o.json = true;
    else if (a == "--check") o.check = true;
    else if (a == "--since-start") o.since_start = true;
    else if (a == "--help" || a == "-h") o.help = true;
    else throw std::invalid_argument("unknown option " + a);
  }
  if (o.filter.empty()) throw std::invalid_argument("--topic: expected a topic filter, got ''");
  if (o.since_start && !o.check) throw std::invalid_argument("--since-start only applies to --check");
  return o;
}

}  // namespace sitepower
