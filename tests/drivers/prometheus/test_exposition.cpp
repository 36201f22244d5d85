// The text format parser, line by line against the format's rules.
#include <gtest/gtest.h>

#include <cmath>

#include "dcgm_exposition.h"
#include "exposition.h"

namespace sitepower::prometheus {
namespace {

TEST(Exposition, ReadsDcgmExporterText) {
  const Exposition e = parse_exposition(test::dcgm_exposition({}));
  EXPECT_TRUE(e.bad_lines.empty());
  ASSERT_EQ(e.samples.size(), 6u * 8);
  EXPECT_EQ(e.types.at("DCGM_FI_DEV_POWER_USAGE"), "gauge");
  EXPECT_EQ(e.types.at("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"), "counter");
  const Sample& power = e.samples[3 * 8 + 2];
  EXPECT_EQ(power.metric, "DCGM_FI_DEV_POWER_USAGE");
  EXPECT_EQ(*power.label("gpu"), "2");
  EXPECT_EQ(*power.label("modelName"), "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(*power.label("Hostname"), "dgx-07");
  EXPECT_DOUBLE_EQ(power.value, 712);
}

TEST(Exposition, LabelEscapesTimestampsAndBlanks) {
  const Exposition e = parse_exposition(
      "  \n# a comment\n\t# TYPE x counter\n"
      "x{path=\"C:\\\\dir\\\\\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",} -2.5e3 1700000000000\n"
      "y   {  a = \"1\" , b=\"2\"  }   .5   -17  \n"
      "z{} 3\n"
      "no_newline_at_end 4");
  ASSERT_TRUE(e.bad_lines.empty()) << e.bad_lines[0].reason;
  ASSERT_EQ(e.samples.size(), 4u);
  EXPECT_EQ(*e.samples[0].label("path"), "C:\\dir\\");
  EXPECT_EQ(*e.samples[0].label("quote"), "say \"hi\"");
  EXPECT_EQ(*e.samples[0].label("nl"), "a\nb");
  EXPECT_DOUBLE_EQ(e.samples[0].value, -2500);
  EXPECT_EQ(e.samples[0].timestamp_ms, 1700000000000);
  EXPECT_EQ(e.samples[0].line, 4u);
  EXPECT_EQ(*e.samples[1].label("b"), "2");
  EXPECT_DOUBLE_EQ(e.samples[1].value, 0.5);
  EXPECT_EQ(e.samples[1].timestamp_ms, -17);
  EXPECT_TRUE(e.samples[2].labels.empty());
  EXPECT_FALSE(e.samples[2].timestamp_ms);
  EXPECT_DOUBLE_EQ(e.samples[3].value, 4);
}

TEST(Exposition, SpecialValues) {
  const Exposition e = parse_exposition("a NaN\nb +Inf\nc -Inf\nd Inf\ne nan\nf +infinity\ng -0\n");
  ASSERT_EQ(e.samples.size(), 7u);
  EXPECT_TRUE(std::isnan(e.samples[0].value));
  EXPECT_EQ(e.samples[1].value, INFINITY);
  EXPECT_EQ(e.samples[2].value, -INFINITY);
  EXPECT_EQ(e.samples[3].value, INFINITY);
  EXPECT_TRUE(std::isnan(e.samples[4].value));
  EXPECT_EQ(e.samples[5].value, INFINITY);
  EXPECT_EQ(e.samples[6].value, 0);
}

TEST(Exposition, BadLinesSayWhyAndTheRestIsRead) {
  const Exposition e = parse_exposition(
      "ok 1\n"
      "hex 0x10\n"
      "open{a=\"1\"\n"
      "esc{a=\"\\t\"} 1\n"
      "dup{a=\"1\",a=\"2\"} 1\n"
      "dash-name 3\n"
      "big 1e400\n"
      "stamp 1 1.5\n"
      "{a=\"1\"} 2\n"
      "novalue\n"
      "# TYPE t gauge\n# TYPE t counter\n# TYPE u histogramm\n# HELP h bad \\t escape\n"
      "after 2\n");
  ASSERT_EQ(e.samples.size(), 2u);
  EXPECT_EQ(e.samples[1].metric, "after");
  std::vector<std::string> reasons;
  for (const BadLine& b : e.bad_lines) reasons.push_back(std::to_string(b.line) + " " + b.metric + ": " + b.reason);
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "2 hex: value '0x10' is not a number",
                         "3 open: expected ',' or '}' after label a",
                         "4 esc: invalid escape \\t in a label value",
                         "5 dup: label a given twice",
                         "6 dash: invalid character in the metric name",
                         "7 big: value '1e400' is not a number",
                         "8 stamp: timestamp '1.5' is not an int64 of milliseconds",
                         "9 : expected a metric name",
                         "10 novalue: no value",
                         "12 t: second TYPE for t",
                         "13 u: unknown TYPE 'histogramm'",
                         "14 h: invalid escape in HELP text",
                     }));
}

}  // namespace
}  // namespace sitepower::prometheus
