// sitepower-tail: subscribes to sitepower topics and prints decoded messages,
// as a live table or as JSON lines, or checks every stream for gaps.
#include <google/protobuf/util/json_util.h>
#include <mqtt/async_client.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "alarm_view.h"
#include "broker_access.h"
#include "stream_check.h"
#include "tail_options.h"
#include "telemetry_view.h"
#include "unpack_telemetry.h"

namespace {

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

std::string status_change(const sitepower::v1::Status& s) {
  const bool online = s.state() == sitepower::v1::Status::STATE_ONLINE;
  return "agent " + s.origin().agent_id() + " boot " + s.origin().boot_id() + (online ? " ONLINE" : " OFFLINE") +
         (online ? "" : ", last telemetry sequence " + std::to_string(s.last_telemetry_sequence()));
}

// A clean session, subscribed again on every reconnect: a restarted broker
// (Mosquitto 2.0 even with persistence) does not queue for a session until its
// client is back, so a kept session would not save what came before.
// Reconnects are tried every 1-2 s to keep that window short.
// TLS and credentials as the agent sets them (broker_access.h).
mqtt::connect_options connect_options(const sitepower::TailOptions& o) {
  mqtt::connect_options opts;
  opts.set_clean_session(true);
  opts.set_automatic_reconnect(1, 2);
  sitepower::set_broker_access(opts, o.tls, o.username, o.password);
  return opts;
}

}  // namespace

int main(int argc, char** argv) {
  sitepower::TailOptions o;
  try {
    o = sitepower::parse_tail_options(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::cerr << "sitepower-tail: " << e.what() << "\n" << sitepower::kTailUsage;
    return 2;
  }
  if (o.help) {
    std::cout << sitepower::kTailUsage;
    return 0;
  }
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });

  mqtt::connect_options opts = connect_options(o);
  mqtt::async_client client(o.broker, "sitepower-tail-" + std::to_string(::getpid()), nullptr);
  // Set from Paho's thread on every automatic reconnect; the subscription is
  // made again on the main thread. Paho names the first connect "connect
  // onSuccess called"; any other cause counts as a reconnect.
  std::atomic<bool> reconnected{false};
  client.start_consuming();
  client.set_connected_handler([&reconnected](const std::string& cause) {
    if (cause != "connect onSuccess called") reconnected = true;
  });
  try {
    client.connect(opts)->wait();
    client.subscribe(o.filter, 1)->wait();
  } catch (const mqtt::exception& e) {
    std::cerr << "sitepower-tail: cannot subscribe at " << o.broker << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "sitepower-tail: subscribed to " << o.filter << " at " << o.broker << "\n";
  sitepower::StreamCheck audit(o.since_start);
  sitepower::TelemetryUnpacker unpacker;  // compact telemetry, by the retained inventory's catalogue
  long count = o.count;
  // The table's panes below the live table: the retained active alarms, the last settlement.
  std::string alarms_pane, last_settlement;
  while (!g_stop && count != 0) {
    if (reconnected.exchange(false)) {
      try {
        client.subscribe(o.filter, 1)->wait();
        std::cerr << "sitepower-tail: reconnected, subscribed again to " << o.filter << "\n";
      } catch (const mqtt::exception& e) {
        std::cerr << "sitepower-tail: reconnected, but cannot subscribe again: " << e.what() << "\n";
      }
    }
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
      std::string why;
      const bool whole = unpacker.unpack(t, &why);
      if (!whole) std::cerr << "sitepower-tail: compact telemetry " << t.origin().sequence() << " not decoded: " << why << "\n";
      if (o.check) audit.add(t.origin(), whole);
      else if (o.json) std::cout << to_json(t, msg->get_topic()) << std::endl;
      else std::cout << "\033[H\033[2J" << sitepower::render_table(t) << "\n" << alarms_pane << last_settlement << std::flush;
    } else if (kind == "status") {
      sitepower::v1::Status s;
      if (!s.ParseFromString(msg->to_string())) continue;
      if (o.check) {
        // One line per change of a boot's state: when an agent went away shows.
        if (audit.add_status(s)) std::cerr << "sitepower-tail: " << status_change(s) << "\n";
      } else if (o.json) {
        std::cout << to_json(s, msg->get_topic()) << std::endl;
      } else {
        std::cerr << sitepower::render_status_line(s) << "\n";
      }
    } else if (kind == "active") {  // alarms/active, retained
      sitepower::v1::ActiveAlarms a;
      if (!a.ParseFromString(msg->to_string()) || o.check) continue;
      if (o.json) std::cout << to_json(a, msg->get_topic()) << std::endl;
      else alarms_pane = sitepower::render_alarms(a);
    } else if (kind == "alarm") {
      sitepower::v1::Alarm a;
      if (!a.ParseFromString(msg->to_string()) || o.check) continue;
      if (o.json) std::cout << to_json(a, msg->get_topic()) << std::endl;
      else std::cerr << sitepower::render_alarm_event(a) << "\n";
    } else if (kind == "settlement") {
      sitepower::v1::Settlement st;
      if (!st.ParseFromString(msg->to_string()) || o.check) continue;
      if (o.json) {
        std::cout << to_json(st, msg->get_topic()) << std::endl;
      } else {
        last_settlement = "last " + sitepower::render_settlement_line(st) + "\n";
        std::cerr << sitepower::render_settlement_line(st) << "\n";
      }
    } else if (kind == "inventory") {
      sitepower::v1::Inventory inv;
      if (!inv.ParseFromString(msg->to_string())) continue;
      unpacker.add_inventory(inv);
      if (o.json) std::cout << to_json(inv, msg->get_topic()) << std::endl;
    }
  }
  try {
    // Bounded: when the broker went first (the demo stopped as one process
    // group), an unbounded wait never returns.
    client.disconnect(1000)->wait_for(std::chrono::seconds(2));
  } catch (const mqtt::exception&) {
    // exiting anyway
  }
  if (o.check) {
    std::cout << audit.report();
    return audit.missing() > 0 || audit.undecoded() > 0 ? 1 : 0;
  }
  return 0;
}
