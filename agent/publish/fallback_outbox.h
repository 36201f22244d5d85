#pragma once
#include <memory>
#include <string>

#include "memory_outbox.h"
#include "outbox_id_record.h"
#include "sqlite_outbox.h"

namespace sitepower {

// The outbox the agent uses: the disk store while it works, RAM after it
// fails. On the first disk error (disk full, I/O error, a failed read, a
// second agent holding the file) it logs a clear error once, moves every
// message it can still read into memory, and carries on there: telemetry
// keeps flowing, status reports outbox_mode "memory", and messages are at
// risk only if the agent stops before the broker has them. The disk is not
// retried until the next start (then anything still on it is replayed:
// duplicates, not gaps).
//
// A corrupt outbox.db found at start is moved aside
// (outbox.db.corrupt-<UTC time>, kept for inspection) and a new one is made.
//
// Ids only go up, whatever happens: OutboxIdRecord keeps the highest id used
// beside the file, and a new store (disk after memory, a new file after a
// corrupt one) starts above it.
class FallbackOutbox : public Outbox {
 public:
  // Opens `options.path`; if that fails, starts in memory and says why.
  FallbackOutbox(SqliteOutboxOptions options, std::uint64_t memory_max_bytes);
  ~FallbackOutbox() override;

  std::uint64_t next_id() const override { return disk_ ? disk_->next_id() : memory_->next_id(); }
  std::uint64_t push(const std::string& topic, std::string payload) override;
  std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) override;
  void ack(std::uint64_t id) override;
  std::uint64_t depth() const override;
  std::uint64_t last_id() const override { return disk_ ? disk_->last_id() : memory_->last_id(); }
  std::uint64_t dropped() const override;
  const char* mode() const override { return disk_ ? disk_->mode() : memory_->mode(); }
  // Why the disk store is not in use; empty while it is.
  const std::string& disk_error() const { return disk_error_; }
  std::uint64_t max_bytes() const override { return disk_ ? disk_->max_bytes() : memory_->max_bytes(); }

 private:
  void open_disk();
  void fall_back(const OutboxError& e);
  std::uint64_t push_somewhere(const std::string& topic, std::string payload);

  SqliteOutboxOptions options_;
  std::uint64_t memory_max_bytes_;
  OutboxIdRecord ids_;
  std::unique_ptr<SqliteOutbox> disk_;
  std::unique_ptr<MemoryOutbox> memory_;
  std::uint64_t dropped_on_disk_ = 0;
  std::string disk_error_;
};

}  // namespace sitepower
