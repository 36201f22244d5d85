#include <gtest/gtest.h>

#include "table_walk.h"

namespace sitepower::snmp {
namespace {

Varbind row(Oid oid, std::int64_t v) { return {std::move(oid), VarType::Integer, v, 0, ""}; }

TEST(TableWalk, WalksTwoColumnsSideBySideUntilEachLeavesItsSubtree) {
  TableWalk walk({{1, 3, 7}, {1, 3, 11}});
  EXPECT_EQ(walk.next_request(), (std::vector<Oid>{{1, 3, 7}, {1, 3, 11}}));
  // GETBULK interleaves: row 1 of both columns, then row 2 of both.
  EXPECT_EQ(walk.feed({row({1, 3, 7, 1}, 10), row({1, 3, 11, 1}, 100), row({1, 3, 7, 2}, 20), row({1, 3, 11, 2}, 200)}), "");
  EXPECT_FALSE(walk.done());
  EXPECT_EQ(walk.next_request(), (std::vector<Oid>{{1, 3, 7, 2}, {1, 3, 11, 2}}));
  // Column 7 runs into column 8; column 11 hits the end of the MIB view.
  EXPECT_EQ(walk.feed({row({1, 3, 8, 1}, 0), {{1, 3, 11, 2}, VarType::EndOfMibView, 0, 0, ""}}), "");
  EXPECT_TRUE(walk.done());
  EXPECT_EQ(walk.rows()[0].size(), 2u);
  EXPECT_EQ(walk.rows()[1].size(), 2u);
}

TEST(TableWalk, AnEmptyColumnEndsAtOnce) {
  TableWalk walk({{1, 3, 7}});
  EXPECT_EQ(walk.feed({row({1, 3, 9, 1}, 0)}), "");
  EXPECT_TRUE(walk.done());
  EXPECT_TRUE(walk.rows()[0].empty());
}

TEST(TableWalk, RefusesAnAgentGoingBackwardsOrForever) {
  TableWalk back({{1, 3, 7}});
  EXPECT_EQ(back.feed({row({1, 3, 7, 5}, 0)}), "");
  EXPECT_NE(back.feed({row({1, 3, 7, 5}, 0)}).find("out of order"), std::string::npos);
  TableWalk forever({{1, 3, 7}}, 2);
  EXPECT_NE(forever.feed({row({1, 3, 7, 1}, 0), row({1, 3, 7, 2}, 0), row({1, 3, 7, 3}, 0)}).find("more than 2 rows"),
            std::string::npos);
  TableWalk empty({{1, 3, 7}});
  EXPECT_NE(empty.feed({}).find("empty GETBULK answer"), std::string::npos);
}

}  // namespace
}  // namespace sitepower::snmp
