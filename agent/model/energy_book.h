#pragma once
// The site's energy books (issue 16): each cycle's split feeds a demand
// window per series (the site, each load class, each tree node); when the
// site's window closes, every series' closed window makes one settlement.
// Where a node's meter has an energy counter (energy_import on the meter's
// device and channel) the node's energy is the counter's deltas
// (counter_window.h); otherwise, and for the site without a counter and for
// every class, the split's power integrated (demand_window.h).
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "counter_window.h"
#include "demand_window.h"
#include "load_split.h"
#include "reading_store.h"
#include "site_model.h"

namespace sitepower {

// One series' billing period so far: its settled windows added up.
struct PeriodTotal {
  double wh = 0;
  double estimated_wh = 0;
  double known_s = 0;
  double peak_w = 0;  // the highest demand_w of its windows
  std::int64_t peak_window_start_unix_ms = 0;
};

// One series' closed window.
struct SeriesEnergy {
  std::string id;           // "site", a load class, a tree node's id
  DemandFigures figures;    // figures.demand_w: the window's demand, its energy / its length
  bool from_counter = false;  // figures.energy.resets: the counter's resets
  PeriodTotal period;       // the billing period so far, this window counted
};

// The billing period's peak demand: the highest closed window of the site.
struct BillingPeak {
  std::int64_t period_start_unix_ms = 0;
  double peak_w = 0;
  std::int64_t peak_window_start_unix_ms = 0;
  double peak_coverage = 0;  // of the peak window; a peak over a partly unknown window may be low
};

struct Settlement {
  std::int64_t period_start_unix_ms = 0;  // the billing period the window counts in
  std::int64_t start_unix_ms = 0;
  std::int64_t end_unix_ms = 0;
  SeriesEnergy site;
  std::vector<SeriesEnergy> classes;  // by class name
  std::vector<SeriesEnergy> nodes;    // in tree order
  BillingPeak peak;                   // with this window counted
  double contracted_w = 0;
};

// Everything the books hold, for the state directory (energy_state_file.h).
struct EnergyBookState {
  std::map<std::string, DemandWindow::State> power;      // "site", "class:<name>", "node:<id>"
  std::map<std::string, CounterWindow::State> counters;  // "node:<id>"
  BillingPeak peak;
  std::map<std::string, PeriodTotal> period;  // "site", "class:<name>", "node:<id>"
};

// The first instant of the billing period `wall` is in: `day` (1-28) of its
// month, or of the month before, at 00:00 UTC.
std::int64_t billing_period_start_ms(WallTime wall, int day);

class EnergyBook {
 public:
  EnergyBook(std::chrono::minutes window, int billing_day, std::chrono::milliseconds max_gap,
             EnergyBookState state = {});

  // One cycle at `wall`: the split and the readings it was made from (for
  // the meters' counters). Returns the settlement of the window that closed.
  std::optional<Settlement> add(WallTime wall, const SiteModel& site, const SplitResult& split,
                                const std::vector<StoredReading>& readings);
  // The site's open window, from its power (what the live view shows).
  std::optional<DemandFigures> site_current() const;
  const BillingPeak& peak() const { return peak_; }
  std::chrono::minutes window() const { return window_; }
  void set_billing_day(int day) { billing_day_ = day; }
  std::chrono::milliseconds max_gap() const { return max_gap_; }
  EnergyBookState state() const;

 private:
  void feed_power(const std::string& key, WallTime wall, double watts, double estimated_w, Quality quality);
  void feed_counter(const std::string& key, WallTime wall, const StoredReading* counter);
  SeriesEnergy settled(const std::string& id, const std::string& key) const;
  void count_period(Settlement& s);

  std::chrono::minutes window_;
  int billing_day_;
  std::chrono::milliseconds max_gap_;
  std::map<std::string, DemandWindow> power_;
  std::map<std::string, CounterWindow> counters_;
  BillingPeak peak_;
  std::map<std::string, PeriodTotal> period_;
  std::set<std::string> fed_;                         // this cycle's power series
  std::set<std::string> fed_counters_;                // this cycle's counter series
  std::map<std::string, DemandFigures> closed_;       // this cycle's closed power windows
  std::map<std::string, DemandFigures> closed_counters_;
};

}  // namespace sitepower
