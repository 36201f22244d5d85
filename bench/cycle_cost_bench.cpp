// One publish cycle of the agent's hot path on the small bench site (issue
// 15): 20 meters x 10 readings under one site meter. A cycle is what
// Agent::cycle() does before the outbox: the split, the readings' snapshot,
// the counters' judgement, the energy books, the alarm checks and the
// telemetry encoding. bench/cycle_callgrind.sh counts its instructions under
// callgrind (stable on a noisy machine); run alone it prints the wall time.
// `compact`: the telemetry in the compact form (docs/compact-telemetry.md),
// its catalogue learnt each cycle as the agent does.
//   cycle_cost_bench [CYCLES] [full|compact]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "alarm_checks.h"
#include "counter_watch.h"
#include "encoder.h"
#include "energy_book.h"
#include "load_split.h"
#include "reading_catalogue.h"

namespace sitepower::bench {

struct Site {
  SiteModel model;
  ReadingStore store;
  CounterWatch counters;
  EnergyBook books{std::chrono::minutes(15), 1, std::chrono::seconds(10)};
  AlarmBook alarms;
  AlarmSettings alarm_settings;
  Encoder encoder{"bench", "ctrl-01", "boot"};
  std::optional<ReadingCatalogue> catalogue;  // set: the compact form
  std::size_t bytes = 0;
};

void poll_all(Site& s, SteadyTime at, WallTime wall) {
  const char* channels[] = {"L1", "L2", "L3"};
  for (int m = 0; m <= 20; ++m) {
    PollResult r;
    for (const char* c : channels) {
      r.readings.push_back(Reading{c, "voltage", 230.5, "V", Quality::Good, ""});
      r.readings.push_back(Reading{c, "current", 10.5, "A", Quality::Good, ""});
      r.readings.push_back(Reading{c, "power", 2400.5, "W", Quality::Good, ""});
    }
    r.readings.push_back(Reading{"total", "power", m == 0 ? 20 * 7240.75 : 7240.75, "W", Quality::Good, ""});
    s.store.update(m == 0 ? "main" : "meter" + std::to_string(m), r, at, wall);
  }
}

void build(Site& s) {
  s.model.contracted_capacity_w = 500e3;
  TreeNode root;
  root.id = "site";
  root.meter = MeterRef{"main"};
  s.model.tree.push_back(root);
  s.store.declare("main", "modbus", std::chrono::seconds(3));
  for (int m = 1; m <= 20; ++m) {
    TreeNode leaf;
    leaf.id = "meter" + std::to_string(m);
    leaf.meter = MeterRef{leaf.id};
    leaf.load_class = m % 2 ? "mining" : "ai";
    leaf.parent = 0;
    s.model.tree.push_back(leaf);
    s.model.tree[0].children.push_back(m);
    s.store.declare(leaf.id, "modbus", std::chrono::seconds(3));
  }
}

void one_cycle(Site& s, SteadyTime now, WallTime wall) {
  const SplitResult split = LoadSplit(s.model).compute(s.store, now);
  std::vector<StoredReading> readings = s.store.snapshot(now);
  s.counters.judge(readings);
  (void)s.books.add(wall, s.model, split, readings);
  const std::vector<DeviceCondition> devices = s.store.devices(now);
  const AlarmInputs in{s.model, split, s.books.site_current(), devices, wall, 1, 0.5, true, "ctrl-01"};
  (void)s.alarms.update(now, wall, alarm_checks(s.alarm_settings, in));
  if (s.catalogue) s.catalogue->learn(readings, split.nodes);
  const ReadingCatalogue* compact = s.catalogue ? &*s.catalogue : nullptr;
  s.bytes += s.encoder.telemetry(split, readings, s.books.site_current(), wall, 1000, 1, compact).size();
}

// What callgrind counts (--toggle-collect): `cycles` cycles, each after a poll of every meter.
__attribute__((noinline)) void run_cycles(Site& s, int cycles, SteadyTime t0, WallTime w0) {
  for (int i = 0; i < cycles; ++i) {
    const auto dt = std::chrono::seconds(i);
    poll_all(s, t0 + dt, w0 + dt);
    one_cycle(s, t0 + dt, w0 + dt);
  }
}

}  // namespace sitepower::bench

int main(int argc, char** argv) {
  using namespace sitepower;
  const int cycles = argc > 1 ? std::atoi(argv[1]) : 1000;
  bench::Site site;
  if (argc > 2 && std::string(argv[2]) == "compact") site.catalogue.emplace(v1::Catalogue{}, std::set<std::string>{}, 1);
  bench::build(site);
  const SteadyTime t0 = std::chrono::steady_clock::now();
  const WallTime w0 = std::chrono::system_clock::now();
  bench::run_cycles(site, 10, t0 - std::chrono::hours(1), w0 - std::chrono::hours(1));  // warm: every series exists
  const auto start = std::chrono::steady_clock::now();
  bench::run_cycles(site, cycles, t0, w0);
  const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d cycles of 210 readings (poll into the store + cycle, %s telemetry): %.1f us a cycle, %.0f bytes of "
              "telemetry a cycle\n",
              cycles, site.catalogue ? "compact" : "full", us / cycles, static_cast<double>(site.bytes) / (cycles + 10));
  return 0;
}
