#pragma once
// The split tests' site: site (meter main) -> hall (meter feeder) -> a [mining],
// b [ai]; cooling [cooling]; a store to feed it values.
#include <gtest/gtest.h>

#include "load_split.h"

namespace sitepower {

using namespace std::chrono_literals;

inline void expect_headroom(const SplitResult& s, Quality quality, double w, const std::string& error) {
  EXPECT_EQ(s.headroom_quality, quality);
  EXPECT_DOUBLE_EQ(s.headroom_w, w);
  EXPECT_EQ(s.headroom_error, error);
}

// site (meter main) → hall (meter feeder) → a [mining], b [ai]; cooling [cooling]
class LoadSplitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg_.contracted_capacity_w = 10000;
    cfg_.unmetered_tolerance_w = 50;
    add_node("site", -1, "main", "");
    add_node("hall", 0, "feeder", "");
    add_node("a", 1, "dev-a", "mining");
    add_node("b", 1, "dev-b", "ai");
    add_node("cooling", 0, "chiller", "cooling");
    for (const char* d : {"main", "feeder", "dev-a", "dev-b", "chiller"}) store_.declare(d, "test", 3s);
  }
  void add_node(const std::string& id, int parent, const std::string& device, const std::string& cls) {
    TreeNode n;
    n.id = id;
    n.parent = parent;
    n.meter = MeterRef{device};
    n.load_class = cls;
    cfg_.tree.push_back(n);
    if (parent >= 0) cfg_.tree[parent].children.push_back(static_cast<int>(cfg_.tree.size() - 1));
  }
  void power(const std::string& device, double w, SteadyTime at, Quality q = Quality::Good) {
    Reading reading{"total", "power", w, "W", q, q == Quality::Good ? "" : "garbage"};
    if (q == Quality::Estimated) reading.estimated = w;
    PollResult r;
    r.readings.push_back(reading);
    store_.update(device, r, at, WallTime{});
  }
  void all_good(SteadyTime at) {
    power("main", 7000, at);
    power("feeder", 5100, at);
    power("dev-a", 3000, at);
    power("dev-b", 2000, at);
    power("chiller", 1500, at);
  }
  SplitResult split(SteadyTime now) { return LoadSplit(cfg_).compute(store_, now); }

  SiteModel cfg_;
  ReadingStore store_;
  SteadyTime t0_ = std::chrono::steady_clock::now();
};

}  // namespace sitepower
