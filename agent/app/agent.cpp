#include "agent.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <random>

#include "alarm_checks.h"
#include "boot_id.h"
#include "clock_sync.h"
#include "fallback_outbox.h"
#include "mqtt_names.h"
#include "state_dir.h"
#include "section.h"
#include "topics.h"

namespace sitepower {
namespace {

constexpr auto kStatusEvery = std::chrono::seconds(10);
constexpr auto kShutdownGrace = std::chrono::seconds(5);

// The durable outbox in the state directory; on any failure the agent runs
// with it in memory (FallbackOutbox logs why). Made once: reloads keep it.
std::unique_ptr<Outbox> open_outbox(const SiteConfig& cfg) {
  const std::filesystem::path dir = resolve_state_dir(cfg.state_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);  // an error shows when SQLite cannot open the file
  SqliteOutboxOptions o;
  o.path = (dir / "outbox.db").string();
  o.max_bytes = static_cast<std::uint64_t>(cfg.outbox.max_mb * 1024 * 1024);
  o.sync_full = cfg.outbox.sync_full;
  return std::make_unique<FallbackOutbox>(o, static_cast<std::uint64_t>(cfg.outbox.memory_max_mb * 1024 * 1024));
}

// Hours of telemetry the outbox's bound holds at this message size and interval.
double capacity_hours(std::uint64_t max_bytes, std::size_t message_bytes, std::chrono::milliseconds interval) {
  if (message_bytes == 0) return 0;
  const double messages = static_cast<double>(max_bytes) / static_cast<double>(message_bytes);
  return messages * std::chrono::duration<double>(interval).count() / 3600.0;
}

// The first tick of the grid `last + k * interval` after `now`. After a stall
// (a frozen loop, a suspended box) the missed cycles are skipped, not made
// back to back: they would all carry the same readings.
SteadyTime next_tick(SteadyTime last, std::chrono::milliseconds interval, SteadyTime now) {
  const SteadyTime next = last + interval;
  if (next > now) return next;
  const auto missed = (now - last) / interval;
  // A busy loop makes a cycle late now and then; a stall of a second or more is worth a line.
  const auto late = std::chrono::duration_cast<std::chrono::milliseconds>(now - next);
  spdlog::log(late >= std::chrono::seconds(1) ? spdlog::level::warn : spdlog::level::debug,
              "publish cycle {} ms late (event loop stalled); skipping {} cycles to keep to the {} ms grid",
              late.count(), missed, interval.count());
  return last + (missed + 1) * interval;
}

}  // namespace

Agent::Agent(boost::asio::io_context& io, AgentOptions options)
    : io_(io), options_(std::move(options)), cycle_timer_(io), started_(std::chrono::system_clock::now()),
      boot_id_(make_boot_id()) {}

Agent::~Agent() = default;

SiteConfig Agent::read_config() const {
  SiteConfig cfg = load_site_config(options_.config_path, builtin_drivers());
  if (options_.broker) {
    cfg.mqtt.broker = *options_.broker;
    cfg.mqtt.brokers = {*options_.broker};
    cfg.mqtt.tls.enabled = is_tls_uri(*options_.broker);
  }
  if (options_.log_level) cfg.log_level = *options_.log_level;
  return cfg;
}

void Agent::load() { apply(read_config()); }

void Agent::apply(SiteConfig cfg) {
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  const bool identity_changed = !config_ || config_->site_id != cfg.site_id || config_->agent_id != cfg.agent_id;
  const bool mqtt_changed = identity_changed || config_->mqtt != cfg.mqtt;
  // The broker left behind, or the topics a new identity leaves, get a final
  // OFFLINE status (with the last telemetry sequence), as at a stop.
  if (publisher_ && mqtt_changed) {
    publisher_->retire([this] { return final_status(); });
    publisher_.reset();
  }
  // Another site or agent id is another stream: a new boot, whose sequences
  // start at 1 (see docs/delivery.md, "Identity for consumers").
  if (config_ && identity_changed) {
    boot_id_ = make_boot_id();
    started_ = std::chrono::system_clock::now();
    spdlog::info("reload: site.id or agent.id changed ({}/{} -> {}/{}): new boot {}", config_->site_id,
                 config_->agent_id, cfg.site_id, cfg.agent_id, boot_id_);
  }
  // The outbox is opened once per process and must not move under its messages.
  if (config_ && (config_->outbox != cfg.outbox || config_->state_dir != cfg.state_dir)) {
    spdlog::warn("reload: changes to outbox.* and agent.state_dir take effect at the next start");
  }
  if (scheduler_) scheduler_->stop();
  devices_.clear();
  config_ = std::make_unique<SiteConfig>(std::move(cfg));
  monitor_.on_config(*config_);
  store_ = std::make_unique<ReadingStore>();
  for (const auto& d : config_->devices) store_->declare(d.id, d.driver, d.stale_after, std::chrono::system_clock::now());
  scheduler_ = std::make_unique<Scheduler>(io_.get_executor(), [this](const DeviceConfig& d, const PollResult& r) {
    monitor_.on_poll(d, r, scheduler_->health(d.id));
    store_->update(d.id, r, std::chrono::steady_clock::now(), std::chrono::system_clock::now());
    if (first_cycle_pending_ && first_polled_.insert(d.id).second && first_polled_.size() == config_->devices.size()) {
      first_cycle_now();
    }
  });
  if (identity_changed) {
    encoder_ = std::make_unique<Encoder>(config_->site_id, config_->agent_id, boot_id_);
    counters_.clear();
  }
}

// The books resume from the state directory, for the same window length;
// opened at start, like the outbox (--once and --check-config touch no state).
void Agent::open_books() {
  if (!energy_file_) energy_file_ = std::make_unique<EnergyStateFile>(resolve_state_dir(config_->state_dir));
  // Samples further apart than this are a gap: by default three cycles, and never under 10 s.
  const auto max_gap = config_->energy_gap.value_or(
      std::max<std::chrono::milliseconds>(std::chrono::seconds(10), 3 * config_->publish_interval));
  if (books_ && books_->window() == config_->demand_window) {
    // A reload: the same books, with the new gap and billing day.
    if (books_->max_gap() != max_gap) books_.emplace(config_->demand_window, config_->billing_day, max_gap, books_->state());
    books_->set_billing_day(config_->billing_day);
    return;
  }
  books_.emplace(config_->demand_window, config_->billing_day, max_gap,
                 energy_file_->load(config_->demand_window).value_or(EnergyBookState{}));
}

void Agent::judge_alarms(SteadyTime now, WallTime wall, const SplitResult& split) {
  const AgentHealth h = health();
  const WallTime waiting_since = std::max(h.last_publish, started_);
  const double wait_s = h.queue_depth > 0 ? std::max(0.0, std::chrono::duration<double>(wall - waiting_since).count()) : 0;
  const AlarmInputs in{*config_, split, books_->site_current(), h.devices, wall, h.queue_depth, wait_s,
                       config_->alarms.clock_check ? clock_synchronised() : std::nullopt, config_->agent_id};
  const std::vector<AlarmRecord> events = alarms_.update(now, wall, alarm_checks(config_->alarms, in));
  const Topics topics(*config_);
  for (const AlarmRecord& e : events) {
    spdlog::log(e.active ? spdlog::level::warn : spdlog::level::info, "alarm {} {}: {}", e.active ? "raised" : "cleared",
                e.id, e.text);
    outbox_->push(topics.alarm, encoder_->alarm(e, outbox_->next_id()));
  }
  if (!events.empty() || !alarms_published_) {
    publisher_->set_retained(topics.alarms_active, encoder_->active_alarms(alarms_.active(), wall));
    alarms_published_ = true;
  }
}
void Agent::build_drivers() {
  if (!devices_.empty()) return;
  for (const DeviceConfig& d : config_->devices) {
    devices_.push_back({d, builtin_drivers().find(d.driver)->build(*d.settings, io_.get_executor())});
  }
}

Agent::OnceResult Agent::poll_once(const std::string& device) {
  OnceResult out;
  build_drivers();
  std::vector<PolledDevice> devices;
  for (const auto& d : devices_) {
    if (device.empty() || d.config.id == device) devices.push_back(d);
  }
  const Driver::RequestTrace trace = [&out](const std::string& line) { out.requests.push_back(line); };
  if (!device.empty()) {
    for (const auto& d : devices) d.driver->set_request_trace(trace);
  }
  bool done = false;
  scheduler_->poll_once(devices, [&done] { done = true; });
  while (!done && io_.run_one()) {
  }
  scheduler_->stop();
  for (const auto& d : devices) d.driver->set_request_trace({});
  const auto now = std::chrono::steady_clock::now();
  out.split = LoadSplit(*config_).compute(*store_, now);
  out.readings = store_->snapshot(now);
  out.devices = store_->devices(now);
  return out;
}

void Agent::start_publisher() {
  const Topics topics(*config_);
  PublisherSettings s;
  s.brokers = config_->mqtt.brokers;
  s.client_id = config_->mqtt.client_id;
  s.keepalive_s = config_->mqtt.keepalive_s;
  s.protocol = config_->mqtt.protocol;
  s.tls = config_->mqtt.tls;
  s.username = config_->mqtt.username;
  s.password = config_->mqtt.password;
  s.backlog_share = config_->outbox.backlog_share;
  s.status_topic = topics.status;
  s.last_will = [this] { return encoder_->last_will(health(), std::chrono::system_clock::now()); };
  publisher_ = std::make_unique<MqttPublisher>(io_.get_executor(), s, *outbox_);
  alarms_published_ = false;  // a new publisher holds no retained alarm set yet
  // The retained status a broker gets on (re)connect says how much is held and dropped now.
  publisher_->on_connected([this] { publish_status(true); });
  publisher_->start();
}

void Agent::start() {
  spdlog::info("agent {} at site {} starting: {} devices, boot {}", config_->agent_id, config_->site_id,
               config_->devices.size(), boot_id_);
  // Opened here, not at load: --check-config and --once touch no state, and
  // must not lock the outbox of an agent already running on the box.
  if (!outbox_) outbox_ = open_outbox(*config_);
  open_books();
  open_catalogue();
  if (!publisher_) start_publisher();
  build_drivers();
  scheduler_->start(devices_);
  publish_inventory();
  publish_status(true);
  cycle_timer_.expires_after(config_->publish_interval);
  capacity_logged_ = false;
  first_polled_.clear();
  first_cycle_pending_ = !config_->devices.empty();
  schedule_cycle();
}

// The first cycle goes as soon as every device has answered or failed once,
// not a whole interval after the start: a restarted agent reports within
// its devices' first round trip (issue 15: first cycle < 200 ms on loopback).
// The grid of later cycles starts from it.
// A catalogue goes on from the state directory's, in its epoch, unless over
// half of it names devices the config no longer has (ReadingCatalogue).
void Agent::open_catalogue() {
  if (!config_->compact_telemetry || catalogue_) return;
  catalogue_file_ = std::make_unique<CatalogueFile>(resolve_state_dir(config_->state_dir));
  std::set<std::string> configured;
  for (const auto& d : config_->devices) configured.insert(d.id);
  std::random_device random;
  std::uint64_t epoch = 0;
  while (epoch == 0) epoch = static_cast<std::uint64_t>(random()) << 32 | random();
  catalogue_ = std::make_unique<ReadingCatalogue>(catalogue_file_->load(), configured, epoch);
  catalogue_file_->save(catalogue_->proto());
}

// Retained: at start, after a reload, and whenever the catalogue grows.
void Agent::publish_inventory() {
  const ReadingCatalogue* catalogue = config_->compact_telemetry ? catalogue_.get() : nullptr;
  publisher_->set_retained(Topics(*config_).inventory,
                           encoder_->inventory(*config_, std::chrono::system_clock::now(), catalogue));
}

void Agent::first_cycle_now() {
  first_cycle_pending_ = false;
  cycle_timer_.expires_at(std::chrono::steady_clock::now());  // cancels the wait under way
  schedule_cycle();
}

void Agent::schedule_cycle() {
  cycle_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    cycle();
    cycle_timer_.expires_at(next_tick(cycle_timer_.expiry(), config_->publish_interval, std::chrono::steady_clock::now()));
    schedule_cycle();
  });
}

void Agent::cycle() {
  ++cycles_;
  monitor_.on_cycle();
  const Topics topics(*config_);
  const SteadyTime now = std::chrono::steady_clock::now();
  const WallTime wall = std::chrono::system_clock::now();
  const SplitResult split = LoadSplit(*config_).compute(*store_, now);
  std::vector<StoredReading> readings = store_->snapshot(now);
  counters_.judge(readings);
  const std::optional<Settlement> settled = books_->add(wall, *config_, split, readings);
  const ReadingCatalogue* compact = config_->compact_telemetry ? catalogue_.get() : nullptr;
  // New readings or nodes: their places go out (retained) before the first message that uses them.
  if (compact && catalogue_->learn(readings, split.nodes)) {
    catalogue_file_->save(catalogue_->proto());
    publish_inventory();
  }
  std::string payload = encoder_->telemetry(split, readings, books_->site_current(), wall,
                                            static_cast<std::uint32_t>(config_->publish_interval.count()),
                                            outbox_->next_id(), compact);
  message_bytes_ = topics.telemetry.size() + payload.size();
  outbox_->push(topics.telemetry, std::move(payload));
  if (settled) {
    spdlog::info("settled the {} min window from {} (unix ms): site {:.3f} kWh, demand {:.1f} kW, coverage {:.1f} %",
                 config_->demand_window.count(), settled->start_unix_ms, settled->site.figures.energy.wh / 1000,
                 settled->site.figures.demand_w / 1000, 100 * settled->site.figures.coverage);
    outbox_->push(topics.settlement, encoder_->settlement(*settled, config_->demand_window, wall, outbox_->next_id()));
  }
  energy_file_->save(books_->state(), config_->demand_window, wall);
  judge_alarms(now, wall, split);
  if (!capacity_logged_) {
    capacity_logged_ = true;
    spdlog::info("outbox: {} holds about {:.1f} h of telemetry ({:.1f} MB at {} bytes per message every {} ms)",
                 outbox_->mode(), health().outbox_capacity_hours, outbox_->max_bytes() / 1048576.0, message_bytes_,
                 config_->publish_interval.count());
  }
  publisher_->kick();
  const auto every = std::max<long long>(1, kStatusEvery / config_->publish_interval);
  if (cycles_ % static_cast<unsigned long>(every) == 0) publish_status(true);
}

AgentHealth Agent::health() const {
  AgentHealth h;
  h.started = started_;
  if (store_) {
    h.devices = store_->devices(std::chrono::steady_clock::now());
    h.drivers = count_devices(h.devices);
    if (scheduler_) {
      for (DeviceCondition& c : h.devices) c.demoted = scheduler_->health(c.id).demoted;
    }
  }
  if (outbox_) {
    h.queue_depth = outbox_->depth();
    h.dropped = outbox_->dropped();
    h.outbox_mode = outbox_->mode();
    h.outbox_capacity_hours = capacity_hours(outbox_->max_bytes(), message_bytes_, config_->publish_interval);
  }
  if (publisher_) h.last_publish = publisher_->last_ack();
  return h;
}

// The service monitor is shown the same state the status message encodes.
std::string Agent::encode_status(bool online) {
  const AgentHealth h = health();
  const WallTime now = std::chrono::system_clock::now();
  monitor_.on_status(encoder_->identity(), online, h, now);
  return encoder_->status(online, h, now);
}

void Agent::publish_status(bool online) { publisher_->set_retained(Topics(*config_).status, encode_status(online)); }

void Agent::reload() {
  spdlog::info("reloading {}", options_.config_path);
  SiteConfig next;
  try {
    next = read_config();
  } catch (const std::exception& e) {  // a ConfigError, or anything else the loader let through
    spdlog::error("reload rejected, the running config stays: {}", e.what());
    return;
  }
  // The old drivers live until the new ones are built, so that a Modbus line
  // both configs use stays open (Line::shared) instead of reconnecting.
  const std::vector<PolledDevice> previous = std::move(devices_);
  apply(std::move(next));
  start();
  spdlog::info("reload done");
}

void Agent::stop() {
  if (stopping_) return;
  stopping_ = true;
  spdlog::info("stopping: finishing publishes ({} waiting)", outbox_ ? outbox_->depth() : 0);
  cycle_timer_.cancel();
  if (scheduler_) scheduler_->stop();
  if (!publisher_) {
    io_.stop();
    return;
  }
  publisher_->shutdown(kShutdownGrace, [this] { return final_status(); }, [this] { io_.stop(); });
}

std::string Agent::final_status() { return encode_status(false); }

}  // namespace sitepower
