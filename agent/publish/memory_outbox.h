#pragma once
#include <map>

#include "outbox.h"

namespace sitepower {

// The outbox in RAM: bounded by count, dropping the oldest when full (counted).
class MemoryOutbox : public Outbox {
 public:
  explicit MemoryOutbox(std::uint64_t capacity, std::uint64_t first_id = 1) : capacity_(capacity), next_id_(first_id) {}
  std::uint64_t push(const std::string& topic, const PayloadMaker& make) override;
  // Takes over a message that already has its id (from a failed disk outbox).
  void adopt(OutboxMessage m);
  std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) override;
  void ack(std::uint64_t id) override { messages_.erase(id); }
  std::uint64_t depth() const override { return messages_.size(); }
  std::uint64_t last_id() const override { return next_id_ - 1; }
  std::uint64_t dropped() const override { return dropped_; }
  const char* mode() const override { return "memory"; }

 private:
  std::uint64_t capacity_;
  std::uint64_t next_id_;
  std::uint64_t dropped_ = 0;
  std::map<std::uint64_t, OutboxMessage> messages_;
};

}  // namespace sitepower
