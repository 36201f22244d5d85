#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace sitepower {

struct OutboxMessage {
  std::uint64_t id = 0;
  std::string topic;
  std::string payload;
};

// Messages waiting for the broker's acknowledgement, oldest first. A message
// enters before it is first published and leaves only on its PUBACK, so a
// broker outage or a lost connection never loses one.
//
// Data flows into it one way: the caller asks next_id() before it encodes a
// message (the id travels inside it as Origin.outbox_id), then pushes the
// bytes; the outbox never calls back into the caller.
// The full policy: beyond its bound an outbox drops its oldest telemetry
// first (topics ending "/telemetry", a message a cycle), and other messages
// (settlements and alarm events: a few a day, what the site is billed and
// warned on) only when no telemetry is left. SqliteOutbox says the same in SQL.
inline bool dropped_first(const std::string& topic) { return topic.ends_with("/telemetry"); }

class Outbox {
 public:
  virtual ~Outbox() = default;
  // The id the next push() gives its message. It changes only by a push
  // (a failing store that falls back keeps the id), so between this and the
  // push nothing else may push.
  virtual std::uint64_t next_id() const = 0;
  // Stores the message under next_id() and returns that id.
  virtual std::uint64_t push(const std::string& topic, std::string payload) = 0;
  // Up to `max` messages with id > after_id, oldest first.
  virtual std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) = 0;
  virtual void ack(std::uint64_t id) = 0;
  virtual std::uint64_t depth() const = 0;
  virtual std::uint64_t last_id() const = 0;  // highest id handed out so far, 0 if none
  virtual std::uint64_t dropped() const = 0;  // dropped by the full policy, since start
  virtual std::uint64_t max_bytes() const = 0;  // the bound on topic + payload bytes held
  virtual const char* mode() const = 0;       // "disk" or "memory"
};

}  // namespace sitepower
