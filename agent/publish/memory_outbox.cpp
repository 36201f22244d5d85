#include "memory_outbox.h"

#include <algorithm>

namespace sitepower {
namespace {

std::uint64_t size_of(const OutboxMessage& m) { return m.topic.size() + m.payload.size(); }

}  // namespace

std::uint64_t MemoryOutbox::push(const std::string& topic, std::string payload) {
  const std::uint64_t id = next_id_++;
  store(OutboxMessage{id, topic, std::move(payload)});
  return id;
}

void MemoryOutbox::adopt(OutboxMessage m) {
  next_id_ = std::max(next_id_, m.id + 1);
  store(std::move(m));
}

// The oldest telemetry goes first, then the oldest of the rest (outbox.h), as
// on disk; a message larger than the whole bound is kept alone rather than
// refused (it is the newest data there is).
void MemoryOutbox::store(OutboxMessage m) {
  const std::uint64_t size = size_of(m);
  while (!messages_.empty() && bytes_ + size > max_bytes_) {
    auto victim = std::find_if(messages_.begin(), messages_.end(),
                               [](const auto& held) { return dropped_first(held.second.topic); });
    if (victim == messages_.end()) victim = messages_.begin();
    bytes_ -= size_of(victim->second);
    messages_.erase(victim);
    ++dropped_;
  }
  bytes_ += size;
  const std::uint64_t id = m.id;
  messages_.emplace(id, std::move(m));
}

void MemoryOutbox::ack(std::uint64_t id) {
  const auto it = messages_.find(id);
  if (it == messages_.end()) return;
  bytes_ -= size_of(it->second);
  messages_.erase(it);
}

std::vector<OutboxMessage> MemoryOutbox::next(std::size_t max, std::uint64_t after_id) {
  std::vector<OutboxMessage> out;
  for (auto it = messages_.upper_bound(after_id); it != messages_.end() && out.size() < max; ++it) {
    out.push_back(it->second);
  }
  return out;
}

}  // namespace sitepower
