#include "fallback_outbox.h"

#include <spdlog/spdlog.h>

#include <limits>

namespace sitepower {

FallbackOutbox::FallbackOutbox(SqliteOutboxOptions options, std::uint64_t memory_capacity)
    : memory_capacity_(memory_capacity), max_bytes_(options.max_bytes) {
  try {
    disk_ = std::make_unique<SqliteOutbox>(options);
    spdlog::info("outbox: {} holds {} messages ({} bytes) from before; they are sent first", options.path,
                 disk_->depth(), disk_->bytes());
  } catch (const OutboxError& e) {
    fall_back(e);
  }
}

void FallbackOutbox::fall_back(const OutboxError& e) {
  disk_error_ = e.what();
  std::uint64_t next_id = 1;
  std::vector<OutboxMessage> rescued;
  if (disk_) {
    next_id = disk_->next_id();
    dropped_on_disk_ = disk_->dropped();
    try {
      rescued = disk_->next(std::numeric_limits<std::size_t>::max(), 0);
    } catch (const OutboxError& again) {
      spdlog::error("outbox: cannot read the messages still on disk ({}); they stay there for the next start",
                    again.what());
    }
    disk_.reset();
  }
  memory_ = std::make_unique<MemoryOutbox>(memory_capacity_, next_id);
  for (auto& m : rescued) memory_->adopt(std::move(m));
  spdlog::error("outbox: disk store failed: {}. Running with the outbox in memory ({} messages moved there): "
                "data is lost if the agent stops while the broker is unreachable. Fix the state directory and "
                "restart.", disk_error_, rescued.size());
}

std::uint64_t FallbackOutbox::push(const std::string& topic, const PayloadMaker& make) {
  const std::uint64_t dropped_before = dropped();
  const std::uint64_t id = push_somewhere(topic, make);
  // Status carries the count; the log says it the first time and every 1000.
  if (dropped() / 1000 != dropped_before / 1000 || (dropped_before == 0 && dropped() > 0)) {
    spdlog::warn("outbox full (limit {}): dropped the oldest messages, {} since start",
                 disk_ ? std::to_string(max_bytes_) + " bytes on disk" : std::to_string(memory_capacity_) + " messages in memory",
                 dropped());
  }
  return id;
}

std::uint64_t FallbackOutbox::push_somewhere(const std::string& topic, const PayloadMaker& make) {
  if (disk_) {
    try {
      return disk_->push(topic, make);
    } catch (const OutboxError& e) {
      OutboxMessage built = e.message;
      fall_back(e);
      memory_->adopt(built);
      return built.id;
    }
  }
  return memory_->push(topic, make);
}

std::vector<OutboxMessage> FallbackOutbox::next(std::size_t max, std::uint64_t after_id) {
  if (disk_) {
    try {
      return disk_->next(max, after_id);
    } catch (const OutboxError& e) {
      fall_back(e);
    }
  }
  return memory_->next(max, after_id);
}

void FallbackOutbox::ack(std::uint64_t id) {
  if (disk_) {
    try {
      disk_->ack(id);
      return;
    } catch (const OutboxError& e) {
      fall_back(e);
    }
  }
  memory_->ack(id);
}

std::uint64_t FallbackOutbox::depth() const { return disk_ ? disk_->depth() : memory_->depth(); }

std::uint64_t FallbackOutbox::dropped() const {
  return dropped_on_disk_ + (disk_ ? disk_->dropped() : memory_->dropped());
}

}  // namespace sitepower
