// sitepower-agent: CLI, signals and wiring; the work is in Agent.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <optional>

#include "agent.h"
#include "describe.h"
#include "logging.h"
#include "once_report.h"
#include "mqtt_names.h"
#include "section.h"
#include "state_dir.h"
#include "status_file.h"
#include "systemd_notifier.h"
#include "version.h"
#include "watchdog.h"

namespace {

constexpr const char* kUsage = R"(usage: sitepower-agent [options]

Reads a site's meters, PDUs, miners and GPU servers, computes the power split
(mining / ai / cooling / facility / unmetered) and publishes it over MQTT.

  --config FILE      site config (default /etc/sitepower/site.yaml)
  --broker URI       broker to use instead of the config's mqtt.broker
  --log-level LEVEL  trace, debug, info, warn, error, off (overrides the config)
  --check-config     validate the config, print the site tree, exit
  --once             poll every device once, print the split and every reading,
                     exit (no MQTT)
  --once --device ID poll only device ID once: its readings and the raw
                     requests it sent (commissioning a meter or a bus)
  --status           show the running agent's health from <state dir>/status.json
                     (no broker needed); exit 0 online, 1 offline or stale, 2 none
  --describe [NAME]  list the config sections and drivers, or the keys of one
                     (type, default, range, meaning); --markdown: as a table
  --version          print the version and exit
  --help             this text

Signals: SIGTERM/SIGINT finish the current publish, flush and exit 0;
SIGHUP reloads the config (a bad new config is rejected, the old one runs on).
Under systemd (Type=notify) it reports READY/RELOADING/STOPPING, pings the
watchdog while its event loop is healthy, and logs to the journal.
)";

struct Cli {
  sitepower::AgentOptions options{"/etc/sitepower/site.yaml", {}, {}};
  bool check = false, once = false, status = false;
  std::string device;  // --device: --once polls only this one
  std::optional<std::string> describe;  // --describe [NAME]: empty lists the names
  bool markdown = false;
};

int parse(int argc, char** argv, Cli& cli) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(name) + " needs a value");
      return argv[++i];
    };
    if (a == "--config") cli.options.config_path = value("--config");
    else if (a == "--broker") {
      cli.options.broker = value("--broker");
      if (!sitepower::is_broker_uri(*cli.options.broker)) {
        throw std::invalid_argument(std::string("--broker: expected ") + sitepower::kBrokerUriExpected + ", got '" +
                                    cli.options.broker->substr(0, 80) + "'");
      }
    }
    else if (a == "--log-level") cli.options.log_level = value("--log-level");
    else if (a == "--check-config") cli.check = true;
    else if (a == "--once") cli.once = true;
    else if (a == "--device") cli.device = value("--device");
    else if (a == "--status") cli.status = true;
    else if (a == "--describe") {
      cli.describe = (i + 1 < argc && argv[i + 1][0] != '-') ? argv[++i] : "";
    } else if (a == "--markdown") cli.markdown = true;
    else if (a == "--version") {
      std::cout << "sitepower-agent " << sitepower::kVersion << "\n";
      return 0;
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      throw std::invalid_argument("unknown option " + a + " (see --help)");
    }
  }
  if (!cli.device.empty() && !cli.once) throw std::invalid_argument("--device works only with --once");
  if (cli.markdown && !cli.describe) throw std::invalid_argument("--markdown works only with --describe");
  return -1;
}

void print_tree(const sitepower::SiteConfig& c) {
  std::cout << "config " << c.file << " is valid\n"
            << "site " << c.site_id << " (" << c.site_name << "), contracted " << c.contracted_capacity_w / 1000
            << " kW; agent " << c.agent_id << "; broker " << c.mqtt.broker << "\n"
            << c.devices.size() << " devices:\n";
  for (const auto& d : c.devices) {
    std::cout << "  " << d.id << "  [" << d.driver << "] every " << d.interval.count() << " ms, timeout "
              << d.timeout.count() << " ms: " << d.settings->describe() << "\n";
  }
  std::cout << "tree:\n";
  std::vector<int> depth(c.tree.size(), 0);
  for (std::size_t i = 0; i < c.tree.size(); ++i) {
    const auto& n = c.tree[i];
    if (n.parent >= 0) depth[i] = depth[n.parent] + 1;
    std::cout << "  " << std::string(2 * depth[i], ' ') << n.id;
    if (n.meter && n.meter->outlets) {
      std::cout << "  <- " << n.meter->device << " outlets " << (n.meter->outlets->by_label() ? "label " : "")
                << n.meter->outlets->text << " (sum of " << n.meter->quantity << ")";
    } else if (n.meter) {
      std::cout << "  <- " << n.meter->device << "/" << n.meter->channel << "/" << n.meter->quantity;
    }
    if (!n.load_class.empty()) std::cout << "  [" << n.load_class << "]";
    std::cout << "\n";
  }
}

// Three status intervals: the Agent rewrites status.json every 10 s.
constexpr auto kStatusFreshFor = std::chrono::seconds(30);

// --status reads the config only for its state_dir: it must not open the
// running agent's outbox or touch a device (loading a config builds no driver).
int show_status(const std::string& config_path) {
  const auto cfg = sitepower::load_site_config(config_path, sitepower::builtin_drivers());
  return sitepower::print_status_file(sitepower::resolve_state_dir(cfg.state_dir), kStatusFreshFor, std::cout);
}

int once(sitepower::Agent& agent, const std::string& device_id) {
  const auto& devices = agent.config().devices;
  if (device_id.empty()) {
    sitepower::print_once(std::cout, agent.config(), agent.poll_once());
    return 0;
  }
  const auto device = std::find_if(devices.begin(), devices.end(), [&](const auto& d) { return d.id == device_id; });
  if (device == devices.end()) {
    std::cerr << "sitepower-agent: --device " << device_id << ": no such device in " << agent.config().file << "\n";
    return 2;
  }
  sitepower::print_device_once(std::cout, *device, agent.poll_once(device_id));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Cli cli;
  try {
    if (int rc = parse(argc, argv, cli); rc >= 0) return rc;
  } catch (const std::invalid_argument& e) {
    std::cerr << "sitepower-agent: " << e.what() << "\n";
    return 2;
  }
  if (cli.options.log_level && spdlog::level::from_str(*cli.options.log_level) == spdlog::level::off &&
      *cli.options.log_level != "off") {
    std::cerr << "sitepower-agent: --log-level: expected trace, debug, info, warn, error or off\n";
    return 2;
  }

  if (cli.describe) return sitepower::describe_options(std::cout, std::cerr, *cli.describe, cli.markdown);

  sitepower::setup_logging(sitepower::detect_log_target());
  if (cli.status) {
    try {
      return show_status(cli.options.config_path);
    } catch (const std::exception& e) {
      std::cerr << "sitepower-agent: config error: " << e.what() << "\n";
      return 2;
    }
  }
  boost::asio::io_context io;
  sitepower::Agent agent(io, cli.options);
  try {
    agent.load();
  } catch (const std::exception& e) {  // ConfigError; anything else is refused the same way
    std::cerr << "sitepower-agent: config error: " << e.what() << "\n";
    return 1;
  }
  if (cli.check) {
    print_tree(agent.config());
    return 0;
  }
  if (cli.once) return once(agent, cli.device);

  sitepower::SystemdNotifier notifier;
  std::unique_ptr<sitepower::LoopWatchdog> watchdog;
  // Once shutdown has begun a reload would restart polling and publish ONLINE
  // over the final OFFLINE status (or drop the publisher that is flushing).
  bool shutting_down = false;
  boost::asio::signal_set stop_signals(io, SIGINT, SIGTERM);
  stop_signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    shutting_down = true;
    spdlog::info("signal {}: shutting down", sig);
    notifier.stopping();
    if (watchdog) watchdog->stop();  // heartbeats stop with the polls; TimeoutStopSec bounds the rest
    agent.stop();
  });
  const auto ready_status = [&] {
    return std::to_string(agent.config().devices.size()) + " devices, broker " + agent.config().mqtt.broker;
  };
  boost::asio::signal_set hup(io, SIGHUP);
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      if (shutting_down) {
        spdlog::warn("SIGHUP during shutdown: ignored, the config is not reloaded");
      } else {
        notifier.reloading();
        agent.reload();
        notifier.ready(ready_status());
      }
      wait_hup();
    });
  };
  wait_hup();

  agent.start();  // the first broker connect is under way: ready
  notifier.ready(ready_status());
  if (const auto timeout = sitepower::SystemdNotifier::watchdog_timeout()) {
    watchdog = std::make_unique<sitepower::LoopWatchdog>(io.get_executor(), notifier, agent.heartbeats(), *timeout);
    watchdog->start();
  }
  io.run();
  spdlog::info("stopped");
  return 0;
}
