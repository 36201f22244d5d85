// The reply parser: what cgminer-family miners really send, the malformed
// variants of bmminer builds, and the STATUS letters.
#include <gtest/gtest.h>

#include "reply.h"

namespace sitepower::miner {
namespace {

TEST(MinerReply, ReadsAReplyEndingInNul) {
  const std::string raw = std::string(R"({"STATUS":[{"STATUS":"S","Msg":"Summary"}],"SUMMARY":[{"MHS 5s":104000000.5}],"id":1})") + '\0';
  const Reply r = parse_reply(raw);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.status, 'S');
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "SUMMARY/0/MHS 5s"), 104000000.5);
}

TEST(MinerReply, AcceptsBmminerStatsWithBraceBraceAndTrailingCommas) {
  const Reply r = parse_reply(
      R"({"STATUS":[{"STATUS":"S"}],"STATS":[{"BMMiner":"2.0.0"}{"temp1":60,"fan1":5400,}],"id":1})");
  ASSERT_EQ(r.error, "");
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "STATS/1/temp1"), 60);
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "STATS/1/fan1"), 5400);
}

TEST(MinerReply, AcceptsStrayCommasAndUnquotedValues) {
  const Reply r = parse_reply(R"({"STATUS":[{"STATUS":"S",,}],"SUMMARY":[{"Mode":normal,,"Work Utility":n/a,"Elapsed":12}],})");
  ASSERT_EQ(r.error, "");
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "SUMMARY/0/Elapsed"), 12);
  EXPECT_STREQ(r.doc["SUMMARY"][0]["Mode"].GetString(), "normal");
}

TEST(MinerReply, AKeyWithoutAValueIsNull) {
  const Reply r = parse_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"Power":,"Elapsed":5}]})");
  ASSERT_EQ(r.error, "");
  EXPECT_FALSE(number_at(r.doc, "SUMMARY/0/Power"));
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "SUMMARY/0/Elapsed"), 5);
}

TEST(MinerReply, ReadsNumbersSentAsStrings) {
  const Reply r = parse_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"GHS 5s":"13500.52","Type":"S9"}]})");
  EXPECT_DOUBLE_EQ(*number_at(r.doc, "SUMMARY/0/GHS 5s"), 13500.52);
  EXPECT_FALSE(number_at(r.doc, "SUMMARY/0/Type"));
  EXPECT_FALSE(number_at(r.doc, "SUMMARY/1/GHS 5s"));
  EXPECT_FALSE(number_at(r.doc, "SUMMARY/x"));
}

TEST(MinerReply, StatusEOrFIsAnError) {
  const Reply e = parse_reply(R"({"STATUS":[{"STATUS":"E","Code":45,"Msg":"Access denied"}],"id":1})");
  EXPECT_EQ(e.error, "STATUS E: Access denied");
  const Reply f = parse_reply(R"({"STATUS":"F","Msg":"fatal"})");  // btminer's newer shape
  EXPECT_EQ(f.error, "STATUS F: fatal");
}

TEST(MinerReply, TruncatedOrNotJsonIsAnError) {
  EXPECT_NE(parse_reply(R"({"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"MHS)").error.find("invalid JSON"), std::string::npos);
  EXPECT_NE(parse_reply("<html>502</html>").error.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(parse_reply(R"({"SUMMARY":[]})").error, "no STATUS in the reply");
  EXPECT_NE(parse_reply("").error, "");
}

TEST(MinerReply, PrecleanLeavesStringsAlone) {
  EXPECT_EQ(preclean(R"({"a":"x}{y,,z","b":1})"), R"({"a":"x}{y,,z","b":1})");
  EXPECT_EQ(preclean(R"({"a":"q\"}{"})"), R"({"a":"q\"}{"})");
}

}  // namespace
}  // namespace sitepower::miner
