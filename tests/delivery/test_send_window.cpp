// The publisher's flow control (agent/publish/send_window.h) on a real
// in-memory outbox: the window bound, the backlog's share, stale answers.
#include <gtest/gtest.h>

#include <vector>

#include "memory_outbox.h"
#include "send_window.h"

namespace sitepower {
namespace {

class SendWindowTest : public ::testing::Test {
 protected:
  void add(std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) outbox_.adopt(OutboxMessage{++last_, "t", "p"});
  }
  // Fills the window; the outbox ids handed over, in order.
  std::vector<std::uint64_t> fill() {
    std::vector<std::uint64_t> ids;
    window_.fill([&](const OutboxMessage& m, std::uint64_t send) {
      ids.push_back(m.id);
      sends_.push_back(send);
      return true;
    });
    return ids;
  }
  MemoryOutbox outbox_{1 << 20};
  SendWindow window_{outbox_, 4, 0.5};  // 4 in flight, 2 of them for the backlog
  std::uint64_t last_ = 0;
  std::vector<std::uint64_t> sends_;
};

TEST_F(SendWindowTest, LiveMessagesGoFirstAndTheBacklogKeepsToItsShare) {
  add(10);  // before the connection: the backlog
  window_.connected();
  add(1);  // made since: live
  EXPECT_EQ(fill(), (std::vector<std::uint64_t>{11, 1, 2}));  // live, then the backlog's 2 slots
  EXPECT_EQ(window_.size(), 3u);
  EXPECT_EQ(fill(), std::vector<std::uint64_t>{});  // the backlog's share is used up
  EXPECT_EQ(window_.settle(sends_[1]), 1u);         // backlog message 1 acknowledged
  EXPECT_EQ(fill(), std::vector<std::uint64_t>{3});
}

TEST_F(SendWindowTest, NeverMoreInFlightThanTheWindow) {
  window_.connected();
  add(10);
  EXPECT_EQ(fill(), (std::vector<std::uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(fill(), std::vector<std::uint64_t>{});
  EXPECT_EQ(window_.settle(sends_[0]), 1u);
  EXPECT_EQ(fill(), std::vector<std::uint64_t>{5});
}

TEST_F(SendWindowTest, AnAnswerFromAConnectionThatIsGoneMatchesNothing) {
  window_.connected();
  add(2);
  fill();
  const auto old_send = sends_[0];
  window_.lost();
  EXPECT_TRUE(window_.empty());
  window_.connected();  // both unacknowledged: the backlog now, sent again
  EXPECT_EQ(fill(), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(window_.settle(old_send), std::nullopt);
  EXPECT_EQ(window_.settle(sends_.back()), 2u);
}

TEST_F(SendWindowTest, AMessageTheBrokerClientRefusesWaitsInTheOutbox) {
  window_.connected();
  add(3);
  std::vector<std::uint64_t> tried;
  window_.fill([&](const OutboxMessage& m, std::uint64_t) {
    tried.push_back(m.id);
    return m.id < 2;  // the client takes message 1 and throws on message 2
  });
  EXPECT_EQ(tried, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(window_.size(), 1u);
  EXPECT_EQ(fill(), (std::vector<std::uint64_t>{2, 3}));  // tried again on the next fill
}

}  // namespace
}  // namespace sitepower
