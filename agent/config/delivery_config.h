#pragma once
#include <string>
#include <vector>

namespace sitepower {

class OptionTable;
class Section;

struct TlsConfig {
  bool enabled = false;   // any broker URI is ssl:// or mqtts://
  std::string ca_file;    // verifies the broker's certificate; empty: the system's CA store
  std::string cert_file;  // client certificate (PEM), with key_file
  std::string key_file;
  bool verify = true;     // check the certificate chain and that it names the broker host
  bool operator==(const TlsConfig&) const = default;
};

struct MqttConfig {
  std::string broker = "tcp://127.0.0.1:1883";  // the first of `brokers`, for display
  std::vector<std::string> brokers{broker};     // tried in order; see docs/delivery.md
  std::string topic_prefix = "sitepower/v1";
  std::string client_id;  // default: sitepower-<agent id>
  int keepalive_s = 30;
  int protocol = 5;  // MQTT protocol level: 5 is v5 (sees ACL denials), 4 is v3.1.1
  TlsConfig tls;
  std::string username;
  std::string password;  // read from mqtt.password_file; never logged
  bool operator==(const MqttConfig&) const = default;
};

struct OutboxConfig {
  double max_mb = 64;         // topic + payload megabytes held; the oldest are dropped beyond
  bool sync_full = true;      // fsync each stored cycle (survives power loss), else only at checkpoints
  double backlog_share = 0.5;  // share of the in-flight window the replayed backlog may use
  double memory_max_mb = 32;   // bound of the outbox in RAM after the disk failed; the oldest are dropped beyond
  bool operator==(const OutboxConfig&) const = default;
};

// The `mqtt:` and `outbox:` sections. Relative file names are taken from
// `config_dir`; every file named must exist and be readable now, so that a
// typo is a start-up error and not a connection failure an hour later.
void parse_mqtt(Section& mqtt, const std::string& config_dir, MqttConfig& out);
void parse_outbox(Section& outbox, OutboxConfig& out);
// Their key tables (and mqtt.tls's), for --describe.
const OptionTable& mqtt_options();
const OptionTable& tls_options();
const OptionTable& outbox_options();

}  // namespace sitepower
