#pragma once
#include <map>

#include "outbox.h"

namespace sitepower {

// The outbox in RAM: bounded by the topic + payload bytes it holds, like the
// disk store, dropping the oldest beyond the bound (counted).
class MemoryOutbox : public Outbox {
 public:
  explicit MemoryOutbox(std::uint64_t max_bytes, std::uint64_t first_id = 1) : max_bytes_(max_bytes), next_id_(first_id) {}
  std::uint64_t next_id() const override { return next_id_; }
  std::uint64_t push(const std::string& topic, std::string payload) override;
  // Takes over a message that already has its id (from a failed disk outbox);
  // the byte bound applies to it as to a push.
  void adopt(OutboxMessage m);
  std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) override;
  void ack(std::uint64_t id) override;
  std::uint64_t depth() const override { return messages_.size(); }
  std::uint64_t last_id() const override { return next_id_ - 1; }
  std::uint64_t dropped() const override { return dropped_; }
  std::uint64_t max_bytes() const override { return max_bytes_; }
  const char* mode() const override { return "memory"; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void store(OutboxMessage m);

  std::uint64_t max_bytes_;
  std::uint64_t next_id_;
  std::uint64_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
  std::map<std::uint64_t, OutboxMessage> messages_;
};

}  // namespace sitepower
