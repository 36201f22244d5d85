// An OptionTable parses what it declares (defaults, derived defaults, nested
// mappings), rejects what it does not, and documents the same keys.
#include <gtest/gtest.h>

#include "config_error_of.h"
#include "option_table.h"

namespace sitepower {
namespace {

const OptionTable kRamp{"x.ramp", "a ramp", {Option::number("to_kw", 0, 10).require().help("target")}};

const OptionTable kTable{
    "x",
    "a test section",
    {
        Option::string("name").require().help("its name"),
        Option::number("power_kw", 0, 100).def(5.0).help("power"),
        Option::seconds("timeout_s", 0.01, 60).derived("half the interval").help("limit"),
        Option::integer("count", 1, 9).def(2.0).help("how many"),
        Option::boolean("verify").def(true).help("check it"),
        Option::choice("mode", {"fast", "slow"}).def("fast").help("how"),
        Option::string_list("ids").help("others"),
        Option::mapping("ramp", &kRamp).help("a ramp (keys below)"),
    }};

TEST(OptionTable, GivesValuesDefaultsAndDerivedDefaults) {
  Section s = load_yaml_text("{name: a, count: 3, mode: slow, ids: [p, q], ramp: {to_kw: 4}}", "t.yaml", "x");
  const OptionValues v = kTable.read(s);
  EXPECT_EQ(v.string("name"), "a");
  EXPECT_EQ(v.number("power_kw"), 5);
  EXPECT_FALSE(v.has("power_kw"));
  EXPECT_FALSE(v.has("timeout_s"));
  EXPECT_EQ(v.seconds_or("timeout_s", 0.25), std::chrono::milliseconds(250));
  EXPECT_EQ(v.integer("count"), 3);
  EXPECT_TRUE(v.boolean("verify"));
  EXPECT_EQ(v.choice("mode"), "slow");
  EXPECT_EQ(v.string_list("ids"), (std::vector<std::string>{"p", "q"}));
  ASSERT_NE(v.values("ramp"), nullptr);
  EXPECT_EQ(v.values("ramp")->number("to_kw"), 4);
}

TEST(OptionTable, ErrorsNameFileLineAndKey) {
  auto error_of = [](const std::string& yaml) {
    return test::config_error_of([&] {
      Section s = load_yaml_text(yaml, "t.yaml", "x");
      kTable.read(s);
    });
  };
  EXPECT_EQ(error_of("{power_kw: 1}"), "t.yaml:1: x.name: expected a non-empty string (the key is required)");
  EXPECT_EQ(error_of("name: a\npower_kw: 500\n"), "t.yaml:2: x.power_kw: expected a number from 0 to 100, got '500'");
  EXPECT_EQ(error_of("name: a\nmode: medium\n"), "t.yaml:2: x.mode: expected one of: fast, slow, got 'medium'");
  EXPECT_EQ(error_of("name: a\nramp: {}\n"), "t.yaml:2: x.ramp.to_kw: expected a number from 0 to 10 (the key is required)");
  EXPECT_EQ(error_of("name: a\npowr_kw: 1\n"), "t.yaml:2: x.powr_kw: unknown key (misspelt, or not valid here)");
}

TEST(OptionTable, RejectAndCrossKeyChecksUseTheSameErrorText) {
  Section s = load_yaml_text("name: a\ncount: 4\n", "t.yaml", "x");
  const OptionValues v = kTable.read(s);
  v.reject("power_kw", "nothing: not given");  // absent: no error
  EXPECT_EQ(test::config_error_of([&] { v.reject("count", "no count here"); }), "t.yaml:2: x.count: expected no count here");
  EXPECT_EQ(test::config_error_of([&] { v.fail_value("count", "an even count below 4"); }),
            "t.yaml:2: x.count: expected an even count below 4, got '4'");
}

TEST(OptionTable, DocumentsEveryKeyWithNestedOnesUnderTheirParent) {
  const std::string md = kTable.markdown();
  EXPECT_EQ(md.rfind("| key | type | default | range or choices | meaning |\n|---|---|---|---|---|\n", 0), 0u) << md;
  EXPECT_NE(md.find("| `name` | string | required |  | its name |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `timeout_s` | seconds | half the interval | 0.01 to 60 | limit |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `mode` | choice | fast | fast, slow | how |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `ramp.to_kw` | number | required | 0 to 10 | target |\n"), std::string::npos) << md;
  const std::string text = kTable.text();
  EXPECT_EQ(text.rfind("x: a test section\n", 0), 0u) << text;
  EXPECT_NE(text.find("ramp.to_kw"), std::string::npos) << text;
}

}  // namespace
}  // namespace sitepower
