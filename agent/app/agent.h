#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "alarm_book.h"
#include "catalogue_file.h"
#include "counter_watch.h"
#include "encoder.h"
#include "energy_book.h"
#include "energy_state_file.h"
#include "load_split.h"
#include "mqtt_publisher.h"
#include "outbox.h"
#include "reading_catalogue.h"
#include "reading_store.h"
#include "scheduler.h"
#include "service_monitor.h"
#include "site_config.h"

namespace sitepower {

struct AgentOptions {
  std::string config_path;
  std::optional<std::string> broker;  // --broker: overrides mqtt.broker
  std::optional<std::string> log_level;
};

// Wires the stages together: scheduler → reading store → load split →
// energy books and alarms → encoder → outbox → publisher. Owns the running config and swaps it whole on
// a reload; the outbox and the boot's sequence numbers survive reloads, except
// that a new site or agent id starts a new boot (new boot id, sequences from 1).
class Agent {
 public:
  Agent(boost::asio::io_context& io, AgentOptions options);
  ~Agent();

  // Loads and validates the config; throws ConfigError. Builds no driver and
  // touches no device: start() and poll_once() build the drivers.
  void load();
  const SiteConfig& config() const { return *config_; }
  // What one --once cycle computed.
  struct OnceResult {
    SplitResult split;
    std::vector<StoredReading> readings;
    std::vector<DeviceCondition> devices;
    std::vector<std::string> requests;  // with a device given: its raw requests and answers
  };
  // Polls every device once, or only `device` (an id from the config) and
  // traces its raw requests. Publishes nothing.
  OnceResult poll_once(const std::string& device = "");
  // Starts polling and publishing; returns at once (the io_context runs it).
  void start();
  // SIGHUP: a valid new config replaces the old; a bad one is logged and ignored.
  void reload();
  // SIGTERM/SIGINT: stop polling, flush, publish OFFLINE, then stop the io_context.
  void stop();
  // Progress markers for the systemd watchdog (service/watchdog.h).
  const Heartbeats& heartbeats() const { return monitor_.heartbeats(); }

 private:
  SiteConfig read_config() const;
  void apply(SiteConfig cfg);
  void build_drivers();
  void start_publisher();
  void cycle();
  void schedule_cycle();
  void first_cycle_now();
  void publish_status(bool online);
  std::string final_status();  // OFFLINE, after the last flush
  AgentHealth health() const;
  void open_books();
  void open_catalogue();
  void publish_inventory();
  void judge_alarms(SteadyTime now, WallTime wall, const SplitResult& split);
  std::string encode_status(bool online);

  boost::asio::io_context& io_;
  AgentOptions options_;
  std::unique_ptr<SiteConfig> config_;
  std::vector<PolledDevice> devices_;  // config_'s devices with their drivers; rebuilt on reload
  std::unique_ptr<ReadingStore> store_;
  std::unique_ptr<Scheduler> scheduler_;
  std::unique_ptr<Encoder> encoder_;
  // Counters judged message to message: lives as long as the stream (boot id),
  // so a reload that keeps the identity keeps comparing with the last message.
  CounterWatch counters_;
  // Energy and demand per window, kept in the state directory; a reload
  // keeps them unless it changes the window's length.
  std::optional<EnergyBook> books_;
  std::unique_ptr<EnergyStateFile> energy_file_;
  // agent.telemetry_form: compact: the readings' places on the wire, kept in
  // the state directory; opened at the first start (or reload) that asks for it.
  std::unique_ptr<ReadingCatalogue> catalogue_;
  std::unique_ptr<CatalogueFile> catalogue_file_;
  AlarmBook alarms_;
  bool alarms_published_ = false;  // the retained active set, once at start and at each change
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<MqttPublisher> publisher_;
  boost::asio::steady_timer cycle_timer_;
  WallTime started_;
  std::string boot_id_;
  unsigned long cycles_ = 0;
  std::size_t message_bytes_ = 0;  // topic + payload of the last telemetry message
  bool capacity_logged_ = false;
  std::set<std::string> first_polled_;  // devices polled once since start(), until the first cycle
  bool first_cycle_pending_ = false;
  bool stopping_ = false;
  ServiceMonitor monitor_;
};

}  // namespace sitepower
