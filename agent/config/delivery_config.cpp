#include "delivery_config.h"

#include <algorithm>
#include <filesystem>

#include "credential_files.h"
#include "mqtt_names.h"
#include "section.h"

namespace sitepower {
namespace {

// A file the agent must read at run time: absolute path, checked readable now.
std::string readable_file(Section& s, const std::string& key, const std::string& config_dir) {
  const auto name = s.optional_string(key);
  if (!name) return "";
  const std::filesystem::path path = std::filesystem::path(config_dir) / *name;
  if (!is_readable_file(path.string())) {
    s.fail_value(key, "a readable file (" + path.string() + " does not exist or cannot be read)");
  }
  return path.string();
}

// The rule is sitepower-tail's too (credential_files.h); its message names the
// file only: the password itself is never printed.
std::string read_password(Section& s, const std::string& file) {
  try {
    return read_password_file(file);
  } catch (const PasswordFileError& e) {
    s.fail("password_file", std::string("a file holding the password (") + e.what() + ")");
  }
}

}  // namespace

void parse_mqtt(Section& mqtt, const std::string& config_dir, MqttConfig& out) {
  if (mqtt.has("broker") && mqtt.has("brokers")) mqtt.fail("brokers", "either broker or brokers, not both");
  if (mqtt.has("brokers")) {
    out.brokers = mqtt.get_string_list("brokers");
    if (out.brokers.empty()) mqtt.fail("brokers", "a list of at least one broker URI");
  } else {
    out.brokers = {mqtt.get_string("broker", out.broker)};
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
  out.topic_prefix = mqtt.get_string("topic_prefix", out.topic_prefix, kMaxTopicBytes);
  if (const std::string problem = topic_prefix_problem(out.topic_prefix); !problem.empty()) {
    mqtt.fail_value("topic_prefix", problem);
  }
  out.client_id = mqtt.get_string("client_id", "");
  out.keepalive_s = static_cast<int>(mqtt.get_int("keepalive_s", 30, 5, 3600));
  out.protocol = mqtt.get_choice("protocol", "5", {"3.1.1", "5"}) == "5" ? 5 : 4;

  const std::size_t tls_uris = std::count_if(out.brokers.begin(), out.brokers.end(), [](const std::string& b) { return is_tls_uri(b); });
  if (tls_uris != 0 && tls_uris != out.brokers.size()) {
    mqtt.fail("brokers", "all brokers ssl:// (TLS) or none: a mixed list would silently drop TLS on failover");
  }
  out.tls.enabled = tls_uris > 0;
  if (auto tls = mqtt.optional_section("tls")) {
    if (!out.tls.enabled) tls->fail("ca_file", "no tls section when no broker URI is ssl:// or mqtts://");
    out.tls.ca_file = readable_file(*tls, "ca_file", config_dir);
    out.tls.cert_file = readable_file(*tls, "cert_file", config_dir);
    out.tls.key_file = readable_file(*tls, "key_file", config_dir);
    if (out.tls.cert_file.empty() != out.tls.key_file.empty()) {
      tls->fail(out.tls.cert_file.empty() ? "cert_file" : "key_file", "cert_file and key_file together");
    }
    out.tls.verify = tls->get_bool("verify", true);
    tls->finish();
  }

  out.username = mqtt.get_string("username", "");
  const std::string password_file = readable_file(mqtt, "password_file", config_dir);
  if (!password_file.empty()) {
    if (out.username.empty()) mqtt.fail("username", "a username when password_file is set");
    out.password = read_password(mqtt, password_file);
  }
  mqtt.finish();
}

void parse_outbox(Section& outbox, OutboxConfig& out) {
  out.max_mb = outbox.get_number("max_mb", out.max_mb, 0.01, 1e6);
  out.sync_full = outbox.get_choice("sync", "full", {"normal", "full"}) == "full";
  out.backlog_share = outbox.get_number("backlog_share", out.backlog_share, 0.05, 0.95);
  out.memory_max_mb = outbox.get_number("memory_max_mb", out.memory_max_mb, 0.01, 1e5);
  outbox.finish();
}

}  // namespace sitepower
