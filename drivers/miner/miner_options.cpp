// The `miner` device keys, declared once, and their reading into MinerSettings.
#include "miner_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "config_error.h"
#include "hosts.h"
#include "option_table.h"
#include "profile_lookup.h"

namespace sitepower::miner {
namespace {

// `firmware: auto` tries these in order: the specific firmwares first, since
// Braiins OS and LuxOS also answer with cgminer-compatible version fields.
const std::vector<std::string> kAutoFamilies{"braiins-os", "luxos", "whatsminer", "antminer"};

const OptionTable kOptions{
    "miner",
    "a row of ASIC miners over the cgminer-family JSON API (TCP 4028), read-only",
    {
        Option::string_list("hosts").require()
            .help("the row's miners: IPv4 addresses and ranges, e.g. [10.20.1.1-10.20.1.200, 10.20.2.7]"),
        Option::integer("port", 1, 65535).def(4028.0).help("the API's TCP port on every miner"),
        Option::string("firmware", 64).def("auto")
            .help("`auto` (detect from `version` once per miner), or a profile: antminer, braiins-os, luxos, whatsminer, or a file path ending in `.yaml`"),
        Option::integer("max_connections", 1, 1024).def(64.0).help("the row's connection budget: commands in flight at once"),
        Option::seconds("miner_timeout_s", 0.01, 60).derived("timeout_s / 4, at most 2")
            .help("one command's exchange with one miner (connect, send, reply)"),
        Option::integer("max_reply_kb", 1, 16384).def(256.0).help("a longer reply is cut off as a flood"),
        Option::seconds("probe_max_s", 0.05, 3600).def(60.0)
            .help("longest wait between probes of an unreachable miner (backoff from interval_s)"),
        Option::number("nameplate_w", 1, 20000)
            .help("a mining miner's power (ESTIMATED) where its firmware reports none; its full power without a power limit"),
        Option::number("efficiency_j_per_th", 1, 1000)
            .help("estimate from hashrate (J/TH x TH/s), preferred over nameplate_w"),
        Option::choice("channels", {"address", "index"}).def("address")
            .help("per-miner channel names: miner-10.20.1.7 or miner-0 (in host order)"),
    }};

std::vector<Profile> load_families(const OptionValues& v, const DriverContext& ctx, bool& detect) {
  const std::string firmware = v.string("firmware");
  detect = firmware == "auto";
  std::vector<Profile> out;
  if (!detect) {
    // The shared lookup (profile_lookup.h), on this driver's key `firmware`.
    std::string path;
    try {
      path = find_profile_file(firmware, ctx.config_dir, SITEPOWER_MINER_PROFILE_DIR);
    } catch (const ConfigError& e) {
      v.fail_value("firmware", std::string("auto, a shipped profile name or a profile file: ") + e.what());
    }
    out.push_back(load_profile(path));
    return out;
  }
  for (const std::string& name : kAutoFamilies) {
    out.push_back(load_profile(std::string(SITEPOWER_MINER_PROFILE_DIR) + "/" + name + ".yaml"));
  }
  return out;
}

}  // namespace

const OptionTable& miner_options() { return kOptions; }

std::shared_ptr<const MinerSettings> parse_miner_settings(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<MinerSettings>();
  s->device_id = ctx.device_id;
  HostList hosts = expand_hosts(v.string_list("hosts"));
  if (!hosts.error.empty()) v.fail_value("hosts", hosts.error);
  s->hosts = std::move(hosts.addresses);
  s->port = static_cast<std::uint16_t>(v.integer("port"));
  s->families = load_families(v, ctx, s->detect);
  s->max_connections = static_cast<std::size_t>(v.integer("max_connections"));
  const double timeout_s = std::chrono::duration<double>(ctx.timeout).count();
  s->miner_timeout = v.seconds_or("miner_timeout_s", std::min(2.0, timeout_s / 4));
  if (s->miner_timeout > ctx.timeout) v.fail_value("miner_timeout_s", "at most the device's timeout_s");
  // The row answers before the scheduler's timeout, so a slow tail of miners
  // costs only their own readings, never the whole row's.
  s->poll_deadline = std::chrono::milliseconds(ctx.timeout.count() * 9 / 10);
  s->first_probe = ctx.interval;
  s->probe_max = std::max(v.seconds("probe_max_s"), ctx.interval);
  s->max_reply_bytes = static_cast<std::size_t>(v.integer("max_reply_kb")) * 1024;
  if (v.has("nameplate_w")) s->nameplate_w = v.number("nameplate_w");
  if (v.has("efficiency_j_per_th")) s->efficiency_j_per_th = v.number("efficiency_j_per_th");
  s->channel_by_index = v.choice("channels") == "index";
  return s;
}

std::string MinerSettings::channel_of(std::size_t index) const {
  return channel_by_index ? fmt::format("miner-{}", index) : "miner-" + hosts[index];
}

std::string MinerSettings::describe() const {
  return fmt::format("miner {} miners ({}{}) port {} firmware {}", hosts.size(), hosts.front(),
                     hosts.size() > 1 ? ".." + hosts.back() : "", port, detect ? "auto" : families.front().name);
}

const std::vector<std::string>& row_quantities() {
  static const std::vector<std::string> kRow{"power",          "power_full",    "curtailed_power",    "hashrate_5s",
                                             "miners_mining",  "miners_idle",   "miners_failed",      "miners_unreachable",
                                             "miners_unpolled"};
  return kRow;
}

std::optional<std::vector<ChannelQuantity>> MinerSettings::channels() const {
  std::set<std::string> quantities{"state", "power"};
  for (const Profile& p : families) {
    for (const Read& r : p.reads) {
      for (const Field& f : r.fields) quantities.insert(f.quantity);
    }
  }
  std::vector<ChannelQuantity> out;
  for (const std::string& q : row_quantities()) out.push_back({"total", q});
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    for (const std::string& q : quantities) out.push_back({channel_of(i), q});
  }
  return out;
}

}  // namespace sitepower::miner
