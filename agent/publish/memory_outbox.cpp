#include "memory_outbox.h"

#include <algorithm>

namespace sitepower {

std::uint64_t MemoryOutbox::push(const std::string& topic, const PayloadMaker& make) {
  const std::uint64_t id = next_id_++;
  while (capacity_ > 0 && messages_.size() >= capacity_) {
    messages_.erase(messages_.begin());
    ++dropped_;
  }
  messages_.emplace(id, OutboxMessage{id, topic, make(id)});
  return id;
}

void MemoryOutbox::adopt(OutboxMessage m) {
  next_id_ = std::max(next_id_, m.id + 1);
  messages_.emplace(m.id, std::move(m));
}

std::vector<OutboxMessage> MemoryOutbox::next(std::size_t max, std::uint64_t after_id) {
  std::vector<OutboxMessage> out;
  for (auto it = messages_.upper_bound(after_id); it != messages_.end() && out.size() < max; ++it) {
    out.push_back(it->second);
  }
  return out;
}

}  // namespace sitepower
