#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "outbox.h"

namespace sitepower {

// Flow control of one connection: which outbox messages are handed to the
// broker, at most max_in_flight unacknowledged at a time.
//
// Backlog and live: messages already in the outbox when the connection was
// made are the backlog, replayed oldest first but with at most backlog_share
// of the window (at least one slot), so the cycles made now keep flowing
// during a long replay.
//
// Every hand-over gets a send number never used before, so an
// acknowledgement from a connection that is gone matches nothing.
class SendWindow {
 public:
  // Hands one message to the broker under send number `send`; false if it
  // could not (it stays in the outbox for the next connection).
  using Publish = std::function<bool(const OutboxMessage& m, std::uint64_t send)>;

  SendWindow(Outbox& outbox, std::size_t max_in_flight, double backlog_share);

  // A new connection: nothing is in flight, and everything not acknowledged
  // (what the outbox holds now) is the backlog.
  void connected();
  // The connection is gone: what was in flight goes again on the next one.
  void lost();
  // Fills the window: live messages first, then the backlog within its share.
  void fill(const Publish& publish);
  // The broker answered send number `send`: the outbox id it carried, or
  // nothing if it was sent on a connection that is gone (resent since).
  std::optional<std::uint64_t> settle(std::uint64_t send);

  bool empty() const { return in_flight_.empty(); }
  std::size_t size() const { return in_flight_.size(); }

 private:
  void send(std::size_t max, std::uint64_t& cursor, std::uint64_t last, bool backlog, const Publish& publish);

  Outbox& outbox_;
  std::size_t window_;
  double backlog_share_;
  std::uint64_t backlog_end_ = 0;     // ids up to this were in the outbox at connect
  std::uint64_t backlog_cursor_ = 0;  // highest backlog id handed over on this connection
  std::uint64_t live_cursor_ = 0;     // highest live id handed over on this connection
  std::size_t backlog_in_flight_ = 0;
  std::uint64_t next_send_ = 1;  // numbers each hand-over; never reused
  struct InFlight {
    std::uint64_t id;
    bool backlog;
  };
  std::map<std::uint64_t, InFlight> in_flight_;  // by send number
};

}  // namespace sitepower
