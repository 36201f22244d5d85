// The one hash (util/fnv1a.h), against the published FNV-1a 64-bit test vectors.
#include <gtest/gtest.h>

#include "fnv1a.h"

namespace sitepower {
namespace {

TEST(Fnv1a, MatchesThePublishedVectors) {
  EXPECT_EQ(fnv1a_64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a_64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a_64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Fnv1a, TakesBytesAboveAsciiAsUnsigned) {
  // A config digest must not depend on whether char is signed on the target (armhf: unsigned).
  static_assert(fnv1a_64("\xff") == ((0xcbf29ce484222325ULL ^ 0xffULL) * 0x100000001b3ULL));
  EXPECT_NE(fnv1a_64("\xff"), fnv1a_64("\x7f"));
}

}  // namespace
}  // namespace sitepower
