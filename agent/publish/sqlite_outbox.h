#pragma once
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "outbox.h"
#include "wal_syncer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sitepower {

// The disk store failed (disk full, I/O error, corrupt or locked file). A
// failed push() leaves next_id() as it was.
class OutboxError : public std::runtime_error {
 public:
  explicit OutboxError(const std::string& what, bool corrupt = false) : std::runtime_error(what), corrupt(corrupt) {}
  bool corrupt;  // the file is damaged (not merely unwritable or locked)
};

struct SqliteOutboxOptions {
  std::string path;
  std::uint64_t max_bytes = 64ull << 20;  // topic + payload bytes held; oldest dropped beyond
  bool sync_full = true;                  // fsync every push (power-loss safe) or only at checkpoints
  std::uint64_t first_id = 1;             // ids start at least here (see OutboxIdRecord)
};

// The outbox in an SQLite database (WAL mode), so that messages survive a
// broker outage, SIGKILL and, with sync_full, power loss.
//
// Why SQLite: a transactional, crash-tested store shipped by Debian
// (libsqlite3), one file, no daemon; WAL makes a push one sequential append.
// A hand-written log would need its own torn-write and recovery code.
//
// Ids come from AUTOINCREMENT, so they keep rising across restarts even when
// the table is empty; `first_id` lifts them above ids used elsewhere (in
// memory, or in a corrupt file moved aside). A push is one transaction: drop the oldest rows (telemetry
// first, outbox.h) if the
// new one would exceed max_bytes, insert. Acks are collected and deleted in
// batches (every kAckBatch, before each push, before sending from the start
// again), without an fsync even with sync_full: losing an ack to a crash or a
// power cut only re-sends a message, never loses one. A message leaves the
// file after its ack, never before.
//
// With sync_full the fsync of each push runs on a WalSyncer thread, not on the
// caller's (the event loop's); a failed fsync surfaces as an OutboxError from
// the next push.
//
// The file shrinks after a backlog drained (auto_vacuum=INCREMENTAL): when
// more than a quarter of it is free, each batch of acks returns up to 1 MB
// of free pages to the file system (bounded work per call).
//
// The file is opened in exclusive locking mode: a second agent on the same
// state directory gets an error instead of replaying the first one's messages.
class SqliteOutbox : public Outbox {
 public:
  explicit SqliteOutbox(SqliteOutboxOptions options);  // throws OutboxError
  ~SqliteOutbox() override;
  SqliteOutbox(const SqliteOutbox&) = delete;
  SqliteOutbox& operator=(const SqliteOutbox&) = delete;

  std::uint64_t next_id() const override { return next_id_; }
  std::uint64_t push(const std::string& topic, std::string payload) override;
  std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) override;
  void ack(std::uint64_t id) override;
  std::uint64_t depth() const override { return count_ - std::min<std::uint64_t>(count_, acked_.size()); }
  std::uint64_t last_id() const override { return next_id_ - 1; }
  std::uint64_t dropped() const override { return dropped_; }
  std::uint64_t max_bytes() const override { return options_.max_bytes; }
  const char* mode() const override { return "disk"; }

  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t fsyncs() const;  // done off the caller's thread (sync_full), for benchmarks

 private:
  class Statement;
  void exec(const char* sql);
  Statement& statement(std::unique_ptr<Statement>& slot, const char* sql);
  [[noreturn]] void fail(const std::string& doing) const;
  void drop_oldest_until(std::uint64_t incoming);
  void remove(std::uint64_t id);  // updates count_ and bytes_
  void flush_acks();
  void shrink();
  std::int64_t pragma(const char* name);

  static constexpr std::size_t kAckBatch = 64;
  static constexpr std::int64_t kShrinkPages = 256;  // 1 MB of 4 KiB pages per shrink()

  SqliteOutboxOptions options_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Statement> insert_, select_, delete_, oldest_, oldest_telemetry_;  // prepared once
  std::unique_ptr<WalSyncer> syncer_;  // with sync_full
  std::uint64_t next_id_ = 1;
  std::uint64_t count_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
  std::vector<std::uint64_t> acked_;  // acknowledged, not yet deleted
};

}  // namespace sitepower
