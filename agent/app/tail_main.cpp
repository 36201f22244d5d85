// sitepower-tail: subscribes to sitepower topics and prints decoded messages,
// as a live table or as JSON lines, for people on the central side.
#include <google/protobuf/util/json_util.h>
#include <mqtt/async_client.h>

#include <csignal>
#include <fstream>
#include <iostream>

#include "stream_check.h"
#include "telemetry_view.h"

namespace {

constexpr const char* kUsage = R"(usage: sitepower-tail [options]

  --broker URI    broker to subscribe to (default tcp://127.0.0.1:1883; ssl://... for TLS)
  --ca-file FILE  CA that signed the broker's certificate (TLS)
  --cert-file FILE, --key-file FILE
                  client certificate and key (TLS)
  --username USER, --password-file FILE
                  credentials; the password is read from the file only
  --topic FILTER  topic filter (default sitepower/v1/#)
  --json          one JSON object per message, per line
  --count N       exit after N telemetry messages
  --check         print nothing per message; at exit (Ctrl-C or --count) report
                  per (agent, boot) the duplicates and the gaps in the sequence
                  numbers; exit status 1 if anything is missing
  --help          this text
)";

volatile std::sig_atomic_t g_stop = 0;

std::string kind_of(const std::string& topic) { return topic.substr(topic.find_last_of('/') + 1); }

std::string to_json(const google::protobuf::Message& m, const std::string& topic) {
  std::string json;
  google::protobuf::util::JsonPrintOptions o;
  o.always_print_primitive_fields = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &json, o);
  return "{\"topic\":\"" + topic + "\",\"message\":" + json + "}";
}

}  // namespace

int main(int argc, char** argv) {
  std::string broker = "tcp://127.0.0.1:1883", filter = "sitepower/v1/#";
  bool json = false, check = false;
  std::string ca_file, cert_file, key_file, username, password_file;
  long count = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--broker" && has_value) broker = argv[++i];
    else if (a == "--topic" && has_value) filter = argv[++i];
    else if (a == "--count" && has_value) count = std::stol(argv[++i]);
    else if (a == "--ca-file" && has_value) ca_file = argv[++i];
    else if (a == "--cert-file" && has_value) cert_file = argv[++i];
    else if (a == "--key-file" && has_value) key_file = argv[++i];
    else if (a == "--username" && has_value) username = argv[++i];
    else if (a == "--password-file" && has_value) password_file = argv[++i];
    else if (a == "--json") json = true;
    else if (a == "--check") check = true;
    else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      std::cerr << "sitepower-tail: unknown or incomplete option " << a << "\n" << kUsage;
      return 2;
    }
  }
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });

  mqtt::async_client client(broker, "sitepower-tail-" + std::to_string(::getpid()), nullptr);
  mqtt::connect_options opts;
  opts.set_clean_session(true);
  opts.set_automatic_reconnect(1, 10);
  if (broker.starts_with("ssl://") || broker.starts_with("mqtts://")) {
    mqtt::ssl_options ssl;
    if (!ca_file.empty()) ssl.set_trust_store(ca_file);
    if (!cert_file.empty()) ssl.set_key_store(cert_file);
    if (!key_file.empty()) ssl.set_private_key(key_file);
    ssl.set_enable_server_cert_auth(true);
    ssl.set_verify(true);
    opts.set_ssl(std::move(ssl));
  }
  if (!username.empty()) opts.set_user_name(username);
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    std::string password;
    if (!in || !std::getline(in, password) || password.empty()) {
      std::cerr << "sitepower-tail: cannot read a password from " << password_file << "\n";
      return 2;
    }
    opts.set_password(password);
  }
  client.start_consuming();
  try {
    client.connect(opts)->wait();
    client.subscribe(filter, 1)->wait();
  } catch (const mqtt::exception& e) {
    std::cerr << "sitepower-tail: cannot subscribe at " << broker << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "sitepower-tail: subscribed to " << filter << " at " << broker << "\n";
  sitepower::StreamCheck audit;
  while (!g_stop && count != 0) {
    mqtt::const_message_ptr msg;
    if (!client.try_consume_message_for(&msg, std::chrono::milliseconds(200)) || !msg) continue;
    const std::string kind = kind_of(msg->get_topic());
    if (kind == "telemetry") {
      sitepower::v1::Telemetry t;
      if (!t.ParseFromString(msg->to_string())) {
        std::cerr << "undecodable telemetry on " << msg->get_topic() << "\n";
        continue;
      }
      if (count > 0) --count;
      if (check) audit.add(t.origin());
      else if (json) std::cout << to_json(t, msg->get_topic()) << std::endl;
      else std::cout << "\033[H\033[2J" << sitepower::render_table(t) << std::flush;
    } else if (check) {
      continue;
    } else if (kind == "status") {
      sitepower::v1::Status s;
      if (!s.ParseFromString(msg->to_string())) continue;
      if (json) std::cout << to_json(s, msg->get_topic()) << std::endl;
      else std::cerr << sitepower::render_status_line(s) << "\n";
    } else if (kind == "inventory" && json) {
      sitepower::v1::Inventory inv;
      if (inv.ParseFromString(msg->to_string())) std::cout << to_json(inv, msg->get_topic()) << std::endl;
    }
  }
  try {
    client.disconnect()->wait();
  } catch (const mqtt::exception&) {
    // exiting anyway
  }
  if (check) {
    std::cout << audit.report();
    return audit.missing() > 0 ? 1 : 0;
  }
  return 0;
}
