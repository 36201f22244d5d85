// The site tree's outlet selectors (`outlets:` on a leaf metered by a PDU):
// the syntax, and every selection the file already shows to be wrong refused
// with file:line:key.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "config_error_of.h"
#include "process.h"
#include "site_config.h"

namespace sitepower {
namespace {

// A PDU whose inlet meters the site; two leaves select its outlets (line 13 on).
const char* kPduSite = R"(site: {id: s1, contracted_capacity_kw: 100}
agent: {id: a1}
devices:
  - {id: pdu-1, driver: snmp, host: 127.0.0.1, profile: raritan-px, community_file: community}
  - {id: pdu-2, driver: snmp, host: 127.0.0.1, profile: apc-rpdu2, community_file: community}
  - {id: meter, driver: sim, power_kw: 5}
tree:
  id: site
  children:
    - id: pdu-1
      meter: pdu-1
      children:
        - {id: gpu, meter: pdu-1, outlets: {label: "gpu-*"}, class: ai}
        - {id: miners, meter: pdu-1, outlets: "1-8, 12", class: mining}
)";

class ConfigOutletsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::make_temp_dir("sitepower-config-outlets");
    std::ofstream(dir_ + "/community") << "public\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  SiteConfig load(const std::string& text) {
    std::ofstream(dir_ + "/site.yaml") << text;
    return load_site_config(dir_ + "/site.yaml", builtin_drivers());
  }
  std::string error_of(const std::string& text) {
    return test::config_error_of([&] { load(text); });
  }
  static std::string with(const std::string& leaves) { return std::string(kPduSite) + leaves; }
  static std::string edit(std::string base, const std::string& from, const std::string& to) {
    base.replace(base.find(from), from.size(), to);
    return base;
  }
  std::string at(int line, const std::string& path) const {
    return dir_ + "/site.yaml:" + std::to_string(line) + ": tree.children[0].children[" + path + ": expected ";
  }

  std::string dir_;
};

TEST_F(ConfigOutletsTest, LabelsRangesAndSingleOutletsLoad) {
  const SiteConfig c = load(with("        - {id: spare, meter: pdu-1, outlets: 9, class: facility}\n"));
  ASSERT_EQ(c.tree.size(), 5u);
  const MeterRef& gpu = *c.tree[2].meter;
  EXPECT_EQ(gpu.device, "pdu-1");
  ASSERT_TRUE(gpu.outlets);
  EXPECT_EQ(gpu.outlets->label, "gpu-*");
  const OutletSelector& miners = *c.tree[3].meter->outlets;
  EXPECT_FALSE(miners.by_label());
  EXPECT_TRUE(miners.selects(8, "") && miners.selects(12, "") && !miners.selects(9, ""));
  EXPECT_TRUE(c.tree[4].meter->outlets->selects(9, ""));
  EXPECT_FALSE(c.tree[1].meter->outlets);  // the inlet: a plain meter
}

TEST_F(ConfigOutletsTest, MalformedSelectionsAreRefused) {
  for (const char* bad : {"\"0\"", "\"8-1\"", "\"1,,2\"", "gpu", "\"-3\""}) {
    EXPECT_EQ(error_of(edit(kPduSite, "outlets: \"1-8, 12\"", std::string("outlets: ") + bad)),
              at(14, "1].outlets") + "outlet numbers or ranges from 1 (3, \"1-8,12\") or {label: PATTERN} (a name "
                                     "with * and ?, e.g. \"gpu-*\"), got '" +
                  std::string(bad[0] == '"' ? std::string(bad).substr(1, std::strlen(bad) - 2) : bad) + "'")
        << bad;
  }
  EXPECT_EQ(error_of(edit(kPduSite, "{label: \"gpu-*\"}", "{lable: \"gpu-*\"}")),
            dir_ + "/site.yaml:13: tree.children[0].children[0].outlets.label: expected a non-empty string (the key is "
                   "required)");
}

TEST_F(ConfigOutletsTest, OutletsNeedTheBarePduOnALeaf) {
  EXPECT_EQ(error_of(edit(kPduSite, "meter: pdu-1, outlets: {", "meter: pdu-1/total, outlets: {")),
            at(13, "0].meter") + "the PDU's device id alone beside outlets (no channel), got 'pdu-1/total'");
  EXPECT_EQ(error_of(edit(kPduSite, "{id: gpu, meter: pdu-1, outlets", "{id: gpu, outlets")),
            at(13, "0].meter") + "the PDU's device id beside outlets");
  EXPECT_EQ(error_of(with("        - {id: m, meter: meter, outlets: 1, class: ai}\n")),
            at(15, "2].outlets") + "outlets of a device that has them (a PDU); device 'meter' has none, got '1'");
}

TEST_F(ConfigOutletsTest, AnOutletTwoNodesSelectByIndexIsRefused) {
  EXPECT_EQ(error_of(with("        - {id: dup, meter: pdu-1, outlets: \"10-12\", class: ai}\n")),
            at(15, "2].outlets") + "outlets no other node counts: node 'miners' (line 14) also counts outlets 1-8, 12 "
                                   "of pdu-1, so that power would be counted twice, got '10-12'");
  EXPECT_EQ(error_of(with("        - {id: one, meter: pdu-1/outlet3, class: ai}\n")),
            at(15, "2].meter") + "outlets no other node counts: node 'miners' (line 14) also counts outlets 1-8, 12 "
                                 "of pdu-1, so that power would be counted twice, got 'pdu-1/outlet3'");
  EXPECT_EQ(error_of(with("        - {id: one, meter: pdu-1/outlet9, class: ai}\n"
                          "        - {id: again, meter: pdu-1, outlets: \"9-10\", class: ai}\n")),
            at(16, "3].outlets") + "outlets no other node counts: node 'one' (line 15) also counts outlets 9 of pdu-1, "
                                   "so that power would be counted twice, got '9-10'");
  // Another PDU's outlet 3 is another outlet.
  EXPECT_EQ(load(with("        - {id: other, meter: pdu-2, outlets: 3, class: ai}\n")).tree.size(), 5u);
}

TEST_F(ConfigOutletsTest, OutletsOutsideTheirInletsNodeAreRefused) {
  const std::string outside = std::string(kPduSite) + "    - {id: stray, meter: pdu-1, outlets: 20, class: ai}\n";
  EXPECT_EQ(error_of(outside), dir_ + "/site.yaml:15: tree.children[1].outlets: expected outlets of pdu-1 below the "
                                      "node that meters its inlet, node 'pdu-1' (line 10), or they would be counted "
                                      "twice, got '20'");
  const std::string inlet_after = std::string(kPduSite) + "    - {id: apc-out, meter: pdu-2, outlets: 1, class: ai}\n" +
                                  "    - {id: apc-in, meter: pdu-2, class: facility}\n";
  EXPECT_EQ(error_of(inlet_after), dir_ + "/site.yaml:16: tree.children[2].meter: expected the PDU's inlet above every "
                                          "node counting its outlets: node 'apc-out' (line 15) counts outlets of pdu-2 "
                                          "outside this node, so they would be counted twice, got 'pdu-2'");
  // A PDU whose inlet nobody meters: its outlets may go anywhere.
  EXPECT_EQ(load(std::string(kPduSite) + "    - {id: apc, meter: pdu-2, outlets: \"1-4\", class: mining}\n").tree.size(),
            5u);
}

}  // namespace
}  // namespace sitepower
