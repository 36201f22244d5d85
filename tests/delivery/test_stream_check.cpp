#include <gtest/gtest.h>

#include "stream_check.h"

namespace sitepower {
namespace {

v1::Origin origin(const std::string& boot, std::uint64_t seq) {
  v1::Origin o;
  o.set_agent_id("ctrl-t");
  o.set_boot_id(boot);
  o.set_sequence(seq);
  return o;
}

TEST(StreamCheck, ContiguousStreamHasNoGapsOrDuplicates) {
  StreamCheck c;
  for (std::uint64_t s = 1; s <= 5; ++s) EXPECT_TRUE(c.add(origin("b1", s)));
  EXPECT_EQ(c.missing(), 0u);
  EXPECT_EQ(c.duplicates(), 0u);
  EXPECT_NE(c.report().find("5 received, 5 unique, sequences 1..5"), std::string::npos) << c.report();
}

TEST(StreamCheck, ReplayDuplicatesAreDroppedAndCounted) {
  StreamCheck c;
  for (std::uint64_t s : {1, 2, 3, 2, 3, 4}) c.add(origin("b1", s));
  EXPECT_FALSE(c.add(origin("b1", 4)));
  EXPECT_EQ(c.duplicates(), 3u);
  EXPECT_EQ(c.missing(), 0u);
}

TEST(StreamCheck, GapsArePerBootAndListed) {
  StreamCheck c;
  for (std::uint64_t s : {1, 2, 5, 6, 9}) c.add(origin("b1", s));
  for (std::uint64_t s : {1, 2, 3}) c.add(origin("b2", s));  // a new boot restarts at 1: not a gap
  EXPECT_EQ(c.missing(), 4u);
  EXPECT_NE(c.report().find("gap: 3..4 (2 missing)"), std::string::npos) << c.report();
  EXPECT_NE(c.report().find("gap: 7..8 (2 missing)"), std::string::npos) << c.report();
  EXPECT_NE(c.report().find("total: 2 streams, 4 missing, 0 duplicates"), std::string::npos) << c.report();
}

}  // namespace
}  // namespace sitepower
