// Outlets in the split: a PDU whose inlet meters a group and whose outlets,
// selected by index range or by label pattern, feed leaves of different
// classes. Off outlets count 0 W (GOOD); unavailable ones are left out, never 0.
#include <gtest/gtest.h>

#include "load_split.h"

namespace sitepower {
namespace {

using namespace std::chrono_literals;

OutletSelector by_index(const std::string& text) { return {parse_outlet_ranges(text), "", text}; }
OutletSelector by_label(const std::string& pattern) { return {{}, pattern, pattern}; }

// site (pdu inlet) → gpu [ai]: label "gpu-*"; miners [mining]: outlets 3-4.
// Outlets: 1 gpu-a 1000 W, 2 gpu-b 1200 W, 3 asic-1 3000 W, 4 asic-2 (off) 0 W,
// 5 spare 50 W (assigned to nobody: the inlet's remainder covers it).
class OutletSplitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_.unmetered_tolerance_w = 10;
    add("site", -1, MeterRef{"pdu"}, "");
    add("gpu", 0, MeterRef{"pdu", "", "power", by_label("gpu-*")}, "ai");
    add("miners", 0, MeterRef{"pdu", "", "power", by_index("3-4")}, "mining");
    store_.declare("pdu", "snmp", 3s);
    outlets_ = {outlet(1, "gpu-a", 1000), outlet(2, "gpu-b", 1200), outlet(3, "asic-1", 3000),
                outlet(4, "asic-2", 0), outlet(5, "spare", 50)};
  }
  void add(const std::string& id, int parent, MeterRef meter, const std::string& cls) {
    TreeNode n;
    n.id = id;
    n.parent = parent;
    n.meter = std::move(meter);
    n.load_class = cls;
    site_.tree.push_back(n);
    if (parent >= 0) site_.tree[parent].children.push_back(static_cast<int>(site_.tree.size() - 1));
  }
  static Reading outlet(int n, const std::string& label, double w) {
    Reading r{"outlet" + std::to_string(n), "power", w, "W", Quality::Good, ""};
    r.label = label;
    return r;
  }
  void poll(double inlet_w, SteadyTime at) {
    PollResult r{outlets_, ""};
    r.readings.push_back(Reading{"total", "power", inlet_w, "W", Quality::Good, ""});
    store_.update("pdu", r, at, WallTime{});
  }
  SplitResult split(SteadyTime now) { return LoadSplit(site_).compute(store_, now); }

  SiteModel site_;
  ReadingStore store_;
  std::vector<Reading> outlets_;
  SteadyTime t0_ = std::chrono::steady_clock::now();
};

TEST_F(OutletSplitTest, OnePduSplitsIntoClassesAndTheInletKeepsTheRemainder) {
  poll(5400, t0_);
  const SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[1].quality, Quality::Good);
  EXPECT_DOUBLE_EQ(s.nodes[1].power_w, 2200);
  EXPECT_EQ(s.nodes[2].quality, Quality::Good);  // outlet 4 is off: 0 W and good
  EXPECT_DOUBLE_EQ(s.nodes[2].power_w, 3000);
  EXPECT_DOUBLE_EQ(s.classes.at("ai").power_w, 2200);
  EXPECT_DOUBLE_EQ(s.classes.at("mining").power_w, 3000);
  // PDU losses (150 W) plus the unassigned outlet 5 (50 W).
  EXPECT_EQ(s.nodes[0].unmetered_quality, Quality::Good);
  EXPECT_DOUBLE_EQ(s.nodes[0].unmetered_w, 200);
  EXPECT_DOUBLE_EQ(s.classes.at("unmetered").power_w, 200);
}

TEST_F(OutletSplitTest, AnUnavailableOutletIsLeftOutNeverZero) {
  outlets_[1] = Reading{"outlet2", "power", 0, "W", Quality::Bad, "not available"};
  outlets_[1].label = "gpu-b";
  poll(5400, t0_);
  const SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[1].quality, Quality::Partial);
  EXPECT_DOUBLE_EQ(s.nodes[1].power_w, 1000);
  EXPECT_EQ(s.nodes[1].error, "1 of 2 outlets left out: outlet2 (gpu-b) bad: not available");
  EXPECT_EQ(s.classes.at("ai").quality(), Quality::Partial);
  EXPECT_DOUBLE_EQ(s.classes.at("ai").power_w, 1000);
  EXPECT_EQ(s.classes.at("ai").partial, 1u);
  // The inlet's remainder is unknown while a child is not whole.
  EXPECT_EQ(s.nodes[0].unmetered_quality, Quality::Partial);
  EXPECT_EQ(s.classes.at("mining").quality(), Quality::Good);
}

TEST_F(OutletSplitTest, NoSelectedOutletGoodIsBadAndAStalePduIsStale) {
  for (int i : {0, 1}) outlets_[i].quality = Quality::Bad;
  outlets_[0].error = outlets_[1].error = "not available";
  poll(5400, t0_);
  SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[1].quality, Quality::Bad);
  EXPECT_EQ(s.classes.at("ai").quality(), Quality::Bad);
  s = split(t0_ + 10s);
  EXPECT_EQ(s.nodes[2].quality, Quality::Stale);
  EXPECT_EQ(s.nodes[2].error.rfind("no outlet counted: outlet3 (asic-1) stale", 0), 0u) << s.nodes[2].error;
}

TEST_F(OutletSplitTest, ASelectionThatMatchesNothingIsMissingWithTheReason) {
  site_.tree[1].meter->outlets = by_label("h100-*");
  site_.tree[2].meter->outlets = by_index("30-32");
  SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[1].quality, Quality::Missing);
  EXPECT_EQ(s.nodes[1].error, "never read");
  poll(5400, t0_);
  s = split(t0_);
  EXPECT_EQ(s.nodes[1].quality, Quality::Missing);
  EXPECT_EQ(s.nodes[1].error, "no outlet of pdu matches label 'h100-*'");
  EXPECT_EQ(s.nodes[2].error, "no outlet of pdu matches outlets '30-32'");
  EXPECT_EQ(s.classes.at("ai").quality(), Quality::Bad);
}

TEST_F(OutletSplitTest, AnOutletTwoLabelsMatchIsCountedOnceAndFlagged) {
  // "*-?" also matches outlets 1-4, which "gpu-*" and "3-4" count: index selections are
  // claimed first, then patterns in tree order; the later node leaves them out and says why.
  add("more-miners", 0, MeterRef{"pdu", "", "power", by_label("*-?")}, "mining");
  poll(5400, t0_);
  const SplitResult s = split(t0_);
  EXPECT_DOUBLE_EQ(s.nodes[3].power_w, 0);  // both its outlets are counted by others
  EXPECT_EQ(s.nodes[1].quality, Quality::Good);
  EXPECT_EQ(s.nodes[3].quality, Quality::Bad);
  EXPECT_NE(s.nodes[3].error.find("outlet4 (asic-2) bad: also selected by node 'miners', counted there"),
            std::string::npos)
      << s.nodes[3].error;
  EXPECT_NE(s.nodes[3].error.find("outlet2 (gpu-b) bad: also selected by node 'gpu'"), std::string::npos)
      << s.nodes[3].error;
}

TEST_F(OutletSplitTest, APlainOutletMeterIsCountedBeforeALabelThatMatchesIt) {
  add("spare-by-name", 0, MeterRef{"pdu", "", "power", by_label("spare")}, "facility");
  add("spare", 0, MeterRef{"pdu", "outlet5"}, "facility");
  poll(5400, t0_);
  const SplitResult s = split(t0_);
  EXPECT_EQ(s.nodes[4].quality, Quality::Good);
  EXPECT_DOUBLE_EQ(s.nodes[4].power_w, 50);
  EXPECT_EQ(s.nodes[3].quality, Quality::Bad);
  EXPECT_EQ(s.nodes[3].error, "no outlet counted: outlet5 (spare) bad: also selected by node 'spare', counted there");
}

TEST(OutletSelector, RangesLabelsAndChannels) {
  EXPECT_EQ(parse_outlet_ranges("1-8, 12").size(), 2u);
  EXPECT_TRUE(parse_outlet_ranges("0").empty());     // outlets count from 1
  EXPECT_TRUE(parse_outlet_ranges("8-1").empty());   // low to high
  EXPECT_TRUE(parse_outlet_ranges("1,,2").empty());
  EXPECT_TRUE(parse_outlet_ranges("a-3").empty());
  EXPECT_TRUE(by_index("1-8,12").selects(12, ""));
  EXPECT_FALSE(by_index("1-8,12").selects(9, ""));
  using Ranges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
  EXPECT_EQ(parse_outlet_ranges("12, 3-5,1-4"), (Ranges{{1, 5}, {12, 12}}));  // sorted and merged
  EXPECT_TRUE(glob_match("gpu-*", "gpu-a1"));
  EXPECT_TRUE(glob_match("*rack?-*", "gpu-rack2-x"));
  EXPECT_FALSE(glob_match("gpu-*", "asic-gpu-1"));
  EXPECT_FALSE(glob_match("gpu-?", "gpu-10"));
  EXPECT_EQ(outlet_index("outlet17"), 17u);
  EXPECT_EQ(outlet_index("total"), std::nullopt);
  EXPECT_EQ(outlet_index("outlet"), std::nullopt);
}

}  // namespace
}  // namespace sitepower
