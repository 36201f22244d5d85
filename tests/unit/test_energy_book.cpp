// The energy books (energy_book.h): a site of known constant and ramping
// loads settles each class and node at its analytic integral; a meter's
// energy counter settles at its deltas exactly; a silent meter is unknown
// time, not zero; the books survive a restart through their state.
#include <gtest/gtest.h>

#include <cmath>

#include "energy_book.h"
#include "split_fixture.h"

namespace sitepower {
namespace {

// 2026-12-02 12:00:00 UTC: a quarter hour.
const WallTime noon = WallTime(std::chrono::seconds(1'796'212'800));

class EnergyBookTest : public LoadSplitTest {
 protected:
  // Second `s` after noon: mining 300 kW, ai ramping 100 -> 400 kW over the
  // window, cooling 150 kW, the hall's own 2 kW and the site's 5 kW unmetered.
  static double mining_w(double) { return 300e3; }
  static double ai_w(double s) { return 100e3 + 300e3 * s / 900; }
  void read_all(int s, const std::string& silent = "") {
    const SteadyTime at = t0_ + std::chrono::seconds(s);
    const WallTime wall = noon + std::chrono::seconds(s);
    const double a = mining_w(s), b = ai_w(s);
    if (silent != "dev-a") feed("dev-a", a, at, wall);
    if (silent != "dev-b") feed("dev-b", b, at, wall);
    feed("chiller", 150e3, at, wall);
    feed("feeder", a + b + 2e3, at, wall);
    feed("main", a + b + 150e3 + 7e3, at, wall);
  }
  void feed(const std::string& device, double w, SteadyTime at, WallTime wall, std::optional<double> counter_wh = {}) {
    PollResult r;
    r.readings.push_back(Reading{"total", "power", w, "W", Quality::Good, ""});
    if (counter_wh) r.readings.push_back(Reading{"total", "energy_import", *counter_wh, "Wh", Quality::Good, ""});
    store_.update(device, r, at, wall);
  }
  std::optional<Settlement> cycle(EnergyBook& book, int s) {
    const SteadyTime at = t0_ + std::chrono::seconds(s);
    return book.add(noon + std::chrono::seconds(s), cfg_, split(at), store_.snapshot(at));
  }
  static const SeriesEnergy& find(const std::vector<SeriesEnergy>& v, const std::string& id) {
    for (const auto& e : v) {
      if (e.id == id) return e;
    }
    throw std::runtime_error("no series " + id);
  }
};

TEST_F(EnergyBookTest, ConstantAndRampingLoadsSettleAtTheirAnalyticIntegral) {
  EnergyBook book(15min, 1, 10s);
  std::optional<Settlement> settled;
  for (int s = 0; s <= 900; ++s) {
    read_all(s);
    if (auto c = cycle(book, s)) settled = c;
  }
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->start_unix_ms, 1'796'212'800'000);
  EXPECT_EQ(settled->end_unix_ms, 1'796'213'700'000);
  const double mining_wh = 300e3 * 900 / 3600;           // 75 kWh
  const double ai_wh = (100e3 + 400e3) / 2 * 900 / 3600;  // 62.5 kWh
  const auto& mining = find(settled->classes, "mining");
  const auto& ai = find(settled->classes, "ai");
  EXPECT_NEAR(mining.figures.energy.wh, mining_wh, mining_wh * 1e-3);  // the 0.1 %
  EXPECT_NEAR(ai.figures.energy.wh, ai_wh, ai_wh * 1e-3);
  // Closer than that: the trapezoid rule is exact on these.
  EXPECT_NEAR(mining.figures.energy.wh, mining_wh, 1e-6);
  EXPECT_NEAR(ai.figures.energy.wh, ai_wh, 1e-6);
  EXPECT_NEAR(find(settled->classes, "cooling").figures.energy.wh, 150e3 / 4, 1e-6);
  EXPECT_NEAR(find(settled->classes, "unmetered").figures.energy.wh, 7e3 / 4, 1e-6);
  const double site_wh = mining_wh + ai_wh + 150e3 / 4 + 7e3 / 4;
  EXPECT_NEAR(settled->site.figures.energy.wh, site_wh, 1e-6);
  EXPECT_NEAR(settled->site.figures.demand_w, site_wh * 4, 1e-6);  // demand = energy / 15 min
  EXPECT_DOUBLE_EQ(settled->site.figures.coverage, 1.0);
  EXPECT_FALSE(settled->site.from_counter);
  EXPECT_NEAR(find(settled->nodes, "hall").figures.energy.wh, mining_wh + ai_wh + 2e3 / 4, 1e-6);
  EXPECT_NEAR(settled->peak.peak_w, site_wh * 4, 1e-6);
  EXPECT_EQ(settled->peak.peak_window_start_unix_ms, 1'796'212'800'000);
  EXPECT_DOUBLE_EQ(settled->contracted_w, 10000);
}

TEST_F(EnergyBookTest, AMetersEnergyCounterSettlesAtItsDeltasExactly) {
  // dev-a's meter counts its energy; its power reads 10 % high (a badly
  // scaled CT), and from 12:05 for 47 s it does not answer: the counter's
  // delta covers that too.
  EnergyBook book(15min, 1, 10s);
  std::optional<Settlement> settled;
  double counter = 123'456'789.0;
  const double first = counter;
  for (int s = 0; s <= 900; ++s) {
    const bool silent = s >= 300 && s < 347;
    read_all(s, "dev-a");
    counter += 300e3 / 3600 + (s % 7) * 0.25;  // not a constant: the deltas, not a model, must be what counts
    if (!silent) feed("dev-a", 330e3, t0_ + std::chrono::seconds(s), noon + std::chrono::seconds(s), counter);
    if (auto c = cycle(book, s)) settled = c;
  }
  ASSERT_TRUE(settled);
  const auto& a = find(settled->nodes, "a");
  EXPECT_TRUE(a.from_counter);
  // Read at 12:00:00 (the baseline) and at 12:15:00, the boundary itself.
  const double delta = counter - (first + 300e3 / 3600);
  EXPECT_DOUBLE_EQ(a.figures.energy.wh, delta);
  EXPECT_DOUBLE_EQ(a.figures.energy.known_s, 900);
  EXPECT_EQ(a.figures.energy.resets, 0u);
  // Its class is integrated power: 10 % high, and the silent stretch unknown.
  const auto& mining = find(settled->classes, "mining");
  EXPECT_FALSE(mining.from_counter);
  EXPECT_GT(mining.figures.energy.unknown_s, 40);
}

TEST_F(EnergyBookTest, ANinetySecondSilenceIsUnknownNotZero) {
  EnergyBook book(15min, 1, 10s);
  std::optional<Settlement> settled;
  for (int s = 0; s <= 900; ++s) {
    read_all(s, s < 400 || s >= 490 ? "" : "dev-b");  // dev-b silent 12:06:40 - 12:08:10
    if (auto c = cycle(book, s)) settled = c;
  }
  ASSERT_TRUE(settled);
  const auto& ai = find(settled->classes, "ai");
  // Its values count for their 3 s stale_after, then nothing: 87 s to 90 s unknown.
  EXPECT_GE(ai.figures.energy.unknown_s, 86);
  EXPECT_LE(ai.figures.energy.unknown_s, 90);
  EXPECT_EQ(ai.figures.energy.gaps, 1u);
  EXPECT_LT(ai.figures.coverage, 0.91);
  // The known part only: neither zero nor interpolated over the gap.
  const double full_wh = (100e3 + 400e3) / 2 * 900 / 3600;
  EXPECT_LT(ai.figures.energy.wh, full_wh * 0.92);
  EXPECT_GT(ai.figures.energy.wh, full_wh * 0.88);
  // Every other class is whole.
  EXPECT_DOUBLE_EQ(find(settled->classes, "mining").figures.coverage, 1.0);
}

TEST_F(EnergyBookTest, TheBooksSurviveARestartWithoutDoubleCountingOrLoss) {
  // Up to 12:05 in one process; its state as last persisted; a new process
  // from 12:05:20 on: the 20 s between are unknown, the rest counted once.
  EnergyBook before(15min, 1, 10s);
  for (int s = 0; s <= 300; ++s) {
    read_all(s);
    cycle(before, s);
  }
  EnergyBook after(15min, 1, 10s, before.state());
  std::optional<Settlement> settled;
  for (int s = 320; s <= 900; ++s) {
    read_all(s);
    if (auto c = cycle(after, s)) settled = c;
  }
  ASSERT_TRUE(settled);
  const auto& mining = find(settled->classes, "mining");
  EXPECT_NEAR(mining.figures.energy.wh, 300e3 * 880 / 3600, 1e-6);
  EXPECT_NEAR(mining.figures.energy.unknown_s, 20, 1e-9);
  EXPECT_NEAR(mining.figures.coverage, 880.0 / 900, 1e-9);
}

TEST_F(EnergyBookTest, ACounterMeasuresTheDowntimeAcrossARestart) {
  EnergyBook before(15min, 1, 10s);
  double counter = 5'000'000;
  for (int s = 0; s <= 300; ++s) {
    read_all(s, "dev-a");
    counter += 300e3 / 3600;
    feed("dev-a", 300e3, t0_ + std::chrono::seconds(s), noon + std::chrono::seconds(s), counter);
    cycle(before, s);
  }
  const double at_300 = counter;
  EnergyBook after(15min, 1, 10s, before.state());
  std::optional<Settlement> settled;
  for (int s = 320; s <= 900; ++s) {
    read_all(s, "dev-a");
    counter = at_300 + 300e3 / 3600 * (s - 300);
    feed("dev-a", 300e3, t0_ + std::chrono::seconds(s), noon + std::chrono::seconds(s), counter);
    if (auto c = cycle(after, s)) settled = c;
  }
  ASSERT_TRUE(settled);
  const auto& a = find(settled->nodes, "a");
  EXPECT_TRUE(a.from_counter);
  EXPECT_NEAR(a.figures.energy.wh, 300e3 * 900 / 3600, 1e-6);
  EXPECT_DOUBLE_EQ(a.figures.coverage, 1.0);
}

TEST_F(EnergyBookTest, TheBillingPeakIsTheHighestWindowOfItsPeriod) {
  EnergyBook book(15min, 1, 10s);
  std::vector<Settlement> settled;
  // Three windows; the second has the ai ramp on top of a 200 kW step.
  for (int s = 0; s <= 2700; ++s) {
    const SteadyTime at = t0_ + std::chrono::seconds(s);
    const WallTime wall = noon + std::chrono::seconds(s);
    const double extra = s > 900 && s <= 1800 ? 200e3 : 0;
    for (const char* d : {"dev-a", "dev-b", "chiller", "feeder"}) feed(d, 0, at, wall);
    feed("main", 500e3 + extra, at, wall);
    if (auto c = cycle(book, s)) settled.push_back(*c);
  }
  ASSERT_EQ(settled.size(), 3u);
  EXPECT_NEAR(settled[0].peak.peak_w, 500e3, 1e-6);
  EXPECT_GT(settled[1].peak.peak_w, 690e3);  // the step, less its first second's ramp
  EXPECT_EQ(settled[2].peak.peak_window_start_unix_ms, settled[1].start_unix_ms);
  EXPECT_EQ(settled[2].peak.period_start_unix_ms, billing_period_start_ms(noon, 1));
  // The period's totals per series: the three windows added up.
  double site_wh = 0;
  for (const auto& w : settled) site_wh += w.site.figures.energy.wh;
  EXPECT_NEAR(settled[2].site.period.wh, site_wh, 1e-6);
  EXPECT_NEAR(settled[2].site.period.peak_w, settled[1].site.figures.demand_w, 1e-6);
  EXPECT_NEAR(find(settled[2].nodes, "site").period.known_s, 2700, 1e-6);
}

TEST_F(EnergyBookTest, ANewBillingPeriodStartsItsTotalsAgain) {
  // Billing day 3: the period turns at 2026-12-03 00:00 UTC, between the
  // second and the third window from 23:30.
  EnergyBook book(15min, 3, 10s);
  const int from = 11 * 3600 + 1800;  // 23:30, in seconds after noon
  std::vector<Settlement> settled;
  for (int s = from; s <= from + 2700; ++s) {
    const SteadyTime at = t0_ + std::chrono::seconds(s);
    const WallTime wall = noon + std::chrono::seconds(s);
    for (const char* d : {"dev-a", "dev-b", "chiller", "feeder"}) feed(d, 0, at, wall);
    feed("main", 400e3, at, wall);
    if (auto c = book.add(wall, cfg_, split(at), store_.snapshot(at))) settled.push_back(*c);
  }
  ASSERT_EQ(settled.size(), 3u);
  EXPECT_EQ(settled[1].period_start_unix_ms, 1'793'664'000'000);  // 2026-11-03
  EXPECT_NEAR(settled[1].site.period.wh, 2 * 100e3, 1e-6);
  EXPECT_EQ(settled[2].period_start_unix_ms, 1'796'256'000'000);  // 2026-12-03
  EXPECT_NEAR(settled[2].site.period.wh, 100e3, 1e-6);
  EXPECT_EQ(settled[2].peak.peak_window_start_unix_ms, settled[2].start_unix_ms);
}

TEST(BillingPeriod, StartsOnItsDayOfThisMonthOrTheLast) {
  // 2026-12-02 12:00 UTC
  EXPECT_EQ(billing_period_start_ms(noon, 1), 1'796'083'200'000);   // 2026-12-01 00:00
  EXPECT_EQ(billing_period_start_ms(noon, 2), 1'796'169'600'000);   // 2026-12-02 00:00
  EXPECT_EQ(billing_period_start_ms(noon, 15), 1'794'700'800'000);  // 2026-11-15 00:00
}

}  // namespace
}  // namespace sitepower
