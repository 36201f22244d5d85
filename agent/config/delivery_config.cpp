#include "delivery_config.h"

#include <algorithm>
#include <filesystem>

#include "credential_files.h"
#include "mqtt_names.h"
#include "option_table.h"
#include "section.h"

namespace sitepower {
namespace {

const OptionTable kTls{
    "mqtt.tls",
    "TLS to the broker; only with ssl:// or mqtts:// broker URIs",
    {
        Option::string("ca_file").derived("the system's CA store").help("CA certificate(s) (PEM) the broker's certificate must chain to"),
        Option::string("cert_file").help("client certificate (PEM), with key_file"),
        Option::string("key_file").help("the client certificate's private key (PEM), with cert_file"),
        Option::boolean("verify").def(true).help("check the broker's certificate chain and that it names the broker host"),
    }};

const OptionTable kMqtt{
    "mqtt",
    "the MQTT broker(s) the agent publishes to (docs/delivery.md)",
    {
        Option::string("broker").def(MqttConfig{}.broker).help("broker URI: tcp://, mqtt://, ssl:// or mqtts://"),
        Option::string_list("brokers").help("instead of broker: URIs tried in order on failover, all TLS or none"),
        Option::string("topic_prefix", kMaxTopicBytes).def(MqttConfig{}.topic_prefix).help("topics are PREFIX/SITE/AGENT/telemetry, .../status, .../inventory"),
        Option::string("client_id").derived("sitepower-<agent.id>").help("MQTT client id"),
        Option::integer("keepalive_s", 5, 3600).def(double(MqttConfig{}.keepalive_s)).help("MQTT keepalive"),
        Option::choice("protocol", {"3.1.1", "5"}).def("5").help("MQTT protocol version (5 reports ACL denials)"),
        Option::mapping("tls", &kTls).help("TLS settings (keys below)"),
        Option::string("username").help("broker username"),
        Option::string("password_file").help("file holding the password (with username); the password is never logged"),
    }};

const OptionTable kOutbox{
    "outbox",
    "the durable queue of messages not yet acknowledged by the broker (docs/delivery.md)",
    {
        Option::number("max_mb", 0.01, 1e6).def(OutboxConfig{}.max_mb).help("topic + payload megabytes held on disk; beyond, the oldest telemetry is dropped (settlements and alarms last)"),
        Option::choice("sync", {"normal", "full"}).def("full")
            .help("`full`: fsync each stored cycle (survives power loss); `normal`: only at checkpoints"),
        Option::number("backlog_share", 0.05, 0.95).def(OutboxConfig{}.backlog_share).help("share of the in-flight window the replayed backlog may use"),
        Option::number("memory_max_mb", 0.01, 1e5).def(OutboxConfig{}.memory_max_mb).help("bound of the outbox in RAM after the disk failed"),
    }};

// A file the agent must read at run time: absolute path, checked readable now.
std::string readable_file(const OptionValues& s, const std::string& key, const std::string& config_dir) {
  if (!s.has(key)) return "";
  const std::filesystem::path path = std::filesystem::path(config_dir) / s.string(key);
  if (!is_readable_file(path.string())) {
    s.fail_value(key, "a readable file (" + path.string() + " does not exist or cannot be read)");
  }
  return path.string();
}

// The rule is sitepower-tail's too (credential_files.h); its message names the
// file only: the password itself is never printed.
std::string read_password(const OptionValues& s, const std::string& file) {
  try {
    return read_password_file(file);
  } catch (const PasswordFileError& e) {
    s.fail("password_file", std::string("a file holding the password (") + e.what() + ")");
  }
}

}  // namespace

const OptionTable& mqtt_options() { return kMqtt; }
const OptionTable& tls_options() { return kTls; }
const OptionTable& outbox_options() { return kOutbox; }

void parse_mqtt(Section& section, const std::string& config_dir, MqttConfig& out) {
  const OptionValues mqtt = kMqtt.read_keys(section);
  if (mqtt.has("broker") && mqtt.has("brokers")) mqtt.fail("brokers", "either broker or brokers, not both");
  if (mqtt.has("brokers")) {
    out.brokers = mqtt.string_list("brokers");
    if (out.brokers.empty()) mqtt.fail("brokers", "a list of at least one broker URI");
  } else {
    out.brokers = {mqtt.string("broker")};
  }
  const std::string uri_key = mqtt.has("brokers") ? "brokers" : "broker";
  for (const auto& b : out.brokers) {
    const std::string shown = b.size() > 80 ? b.substr(0, 80) + "..." : b;
    // Paho would take ws:// and wss://, but TLS options here are for ssl:// only
    // and no websockets listener is tested: refused now, not retried for ever.
    if (b.starts_with("ws://") || b.starts_with("wss://")) {
      mqtt.fail(uri_key,
                "MQTT over TCP or TLS (tcp://, mqtt://, ssl://, mqtts://): MQTT over WebSockets is not supported, got '" +
                    shown + "'");
    }
    if (!is_broker_uri(b)) {
      if (mqtt.has("brokers")) mqtt.fail("brokers", "URIs like tcp://host:1883 or ssl://host:8883, got '" + shown + "'");
      mqtt.fail_value("broker", kBrokerUriExpected);
    }
  }
  out.broker = out.brokers.front();
  out.topic_prefix = mqtt.string("topic_prefix");
  if (const std::string problem = topic_prefix_problem(out.topic_prefix); !problem.empty()) {
    mqtt.fail_value("topic_prefix", problem);
  }
  out.client_id = mqtt.string_or("client_id", "");
  out.keepalive_s = static_cast<int>(mqtt.integer("keepalive_s"));
  out.protocol = mqtt.choice("protocol") == "5" ? 5 : 4;

  const std::size_t tls_uris = std::count_if(out.brokers.begin(), out.brokers.end(), [](const std::string& b) { return is_tls_uri(b); });
  if (tls_uris != 0 && tls_uris != out.brokers.size()) {
    mqtt.fail("brokers", "all brokers ssl:// (TLS) or none: a mixed list would silently drop TLS on failover");
  }
  out.tls.enabled = tls_uris > 0;
  if (const OptionValues* tls = mqtt.values("tls")) {
    if (!out.tls.enabled) tls->fail("ca_file", "no tls section when no broker URI is ssl:// or mqtts://");
    out.tls.ca_file = readable_file(*tls, "ca_file", config_dir);
    out.tls.cert_file = readable_file(*tls, "cert_file", config_dir);
    out.tls.key_file = readable_file(*tls, "key_file", config_dir);
    if (out.tls.cert_file.empty() != out.tls.key_file.empty()) {
      tls->fail(out.tls.cert_file.empty() ? "cert_file" : "key_file", "cert_file and key_file together");
    }
    out.tls.verify = tls->boolean("verify");
  }

  out.username = mqtt.string_or("username", "");
  const std::string password_file = readable_file(mqtt, "password_file", config_dir);
  if (!password_file.empty()) {
    if (out.username.empty()) mqtt.fail("username", "a username when password_file is set");
    out.password = read_password(mqtt, password_file);
  }
  section.finish();
}

void parse_outbox(Section& section, OutboxConfig& out) {
  const OptionValues outbox = kOutbox.read(section);
  out.max_mb = outbox.number("max_mb");
  out.sync_full = outbox.choice("sync") == "full";
  out.backlog_share = outbox.number("backlog_share");
  out.memory_max_mb = outbox.number("memory_max_mb");
}

}  // namespace sitepower
