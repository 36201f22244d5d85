// Status sequences have no holes, and the last will is outside the stream.
#include <gtest/gtest.h>

#include "encoder.h"
#include "sitepower/v1/status.pb.h"

namespace sitepower {
namespace {

v1::Status parse(const std::string& bytes) {
  v1::Status s;
  EXPECT_TRUE(s.ParseFromString(bytes));
  return s;
}

TEST(StatusSequence, TheLastWillTakesNoSequenceAndStatusesRunFromOne) {
  Encoder e("site", "agent", "boot");
  const auto now = std::chrono::system_clock::now();
  const v1::Status will = parse(e.last_will({}, now));  // built at connect, before any status
  EXPECT_TRUE(will.last_will());
  EXPECT_EQ(will.origin().sequence(), 0u);
  EXPECT_EQ(will.state(), v1::Status::STATE_OFFLINE);
  EXPECT_EQ(parse(e.status(true, {}, now)).origin().sequence(), 1u);
  parse(e.last_will({}, now));  // a reconnect builds another
  EXPECT_EQ(parse(e.status(true, {}, now)).origin().sequence(), 2u);
}

TEST(StatusSequence, EveryStatusAndTheWillCarryTheLastTelemetrySequence) {
  Encoder e("site", "agent", "boot");
  const auto now = std::chrono::system_clock::now();
  EXPECT_EQ(parse(e.status(true, {}, now)).last_telemetry_sequence(), 0u);
  for (int i = 0; i < 3; ++i) e.telemetry(SplitResult{}, {}, std::nullopt, now, 1000, 0);
  EXPECT_EQ(parse(e.last_will({}, now)).last_telemetry_sequence(), 3u);
  const v1::Status final_status = parse(e.status(false, {}, now));
  EXPECT_EQ(final_status.last_telemetry_sequence(), 3u);
  EXPECT_FALSE(final_status.last_will());
}

TEST(StatusSequence, CapacityHoursAreCarried) {
  Encoder e("site", "agent", "boot");
  AgentHealth h;
  h.outbox_capacity_hours = 6.8;
  EXPECT_DOUBLE_EQ(parse(e.status(true, h, std::chrono::system_clock::now())).outbox_capacity_hours(), 6.8);
}

}  // namespace
}  // namespace sitepower
