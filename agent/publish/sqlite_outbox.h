#pragma once
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include "outbox.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sitepower {

// The disk store failed (disk full, I/O error, corrupt or locked file). When it
// comes from push(), `message` is the message that could not be stored, with
// its payload already built, so the caller can keep it elsewhere without
// building it again (which would spend another sequence number).
class OutboxError : public std::runtime_error {
 public:
  OutboxError(const std::string& what, OutboxMessage message = {}) : std::runtime_error(what), message(std::move(message)) {}
  OutboxMessage message;
};

struct SqliteOutboxOptions {
  std::string path;
  std::uint64_t max_bytes = 64ull << 20;  // topic + payload bytes held; oldest dropped beyond
  bool sync_full = true;                  // fsync every push (power-loss safe) or only at checkpoints
};

// The outbox in an SQLite database (WAL mode), so that messages survive a
// broker outage, SIGKILL and, with sync_full, power loss.
//
// Why SQLite: a transactional, crash-tested store shipped by Debian
// (libsqlite3), one file, no daemon; WAL makes a push one sequential append.
// A hand-written log would need its own torn-write and recovery code.
//
// Ids come from AUTOINCREMENT, so they keep rising across restarts even when
// the table is empty. A push is one transaction: drop the oldest rows if the
// new one would exceed max_bytes, insert. Acks are collected and deleted in
// batches (every kAckBatch, before each push, before sending from the start
// again), without an fsync even with sync_full: losing an ack to a crash or a
// power cut only re-sends a message, never loses one. A message leaves the
// file after its ack, never before.
//
// The file is opened in exclusive locking mode: a second agent on the same
// state directory gets an error instead of replaying the first one's messages.
class SqliteOutbox : public Outbox {
 public:
  explicit SqliteOutbox(SqliteOutboxOptions options);  // throws OutboxError
  ~SqliteOutbox() override;
  SqliteOutbox(const SqliteOutbox&) = delete;
  SqliteOutbox& operator=(const SqliteOutbox&) = delete;

  std::uint64_t push(const std::string& topic, const PayloadMaker& make) override;
  std::vector<OutboxMessage> next(std::size_t max, std::uint64_t after_id) override;
  void ack(std::uint64_t id) override;
  std::uint64_t depth() const override { return count_ - std::min<std::uint64_t>(count_, acked_.size()); }
  std::uint64_t last_id() const override { return next_id_ - 1; }
  std::uint64_t dropped() const override { return dropped_; }
  const char* mode() const override { return "disk"; }

  std::uint64_t next_id() const { return next_id_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  class Statement;
  void exec(const char* sql);
  Statement& statement(std::unique_ptr<Statement>& slot, const char* sql);
  [[noreturn]] void fail(const std::string& doing) const;
  void drop_oldest_until(std::uint64_t incoming);
  void remove(std::uint64_t id);  // updates count_ and bytes_
  void flush_acks();

  static constexpr std::size_t kAckBatch = 64;

  SqliteOutboxOptions options_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<Statement> insert_, select_, delete_, oldest_, sync_normal_, sync_full_;  // prepared once
  std::uint64_t next_id_ = 1;
  std::uint64_t count_ = 0;
  std::uint64_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
  std::vector<std::uint64_t> acked_;  // acknowledged, not yet deleted
};

}  // namespace sitepower
