#pragma once
#include <cstdint>
#include <functional>
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
class Outbox {
 public:
  // Builds the payload once the message's id is known (the id travels inside
  // the message as Origin.outbox_id).
  using PayloadMaker = std::function<std::string(std::uint64_t id)>;

  virtual ~Outbox() = default;
  virtual std::uint64_t push(const std::string& topic, const PayloadMaker& make) = 0;
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
