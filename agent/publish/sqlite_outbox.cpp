#include "sqlite_outbox.h"

#include <sqlite3.h>

#include <algorithm>
#include <tuple>

namespace sitepower {

// A prepared statement, reset after every use so it can be run again.
class SqliteOutbox::Statement {
 public:
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      throw OutboxError(std::string("cannot prepare '") + sql + "': " + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code (the statement is then reset).
  int step() {
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_ROW) reset();
    return rc;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

namespace {

bool is_corruption(int code) {
  const int primary = code & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

}  // namespace

SqliteOutbox::SqliteOutbox(SqliteOutboxOptions options) : options_(std::move(options)) {
  if (sqlite3_open_v2(options_.path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw OutboxError("cannot open outbox " + options_.path + ": " + why);
  }
  try {
    exec("PRAGMA locking_mode=EXCLUSIVE");
    exec("PRAGMA journal_mode=WAL");
    // With sync_full the WalSyncer makes each commit durable (see the class comment).
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA journal_size_limit=4194304");  // keep the WAL file small after checkpoints
    // Take the exclusive lock now, so a second agent fails here and not later.
    exec("BEGIN EXCLUSIVE");
    exec("COMMIT");
    Statement check(db_, "PRAGMA quick_check");
    if (check.step() != SQLITE_ROW || check.blob(0) != "ok") {
      throw OutboxError("outbox " + options_.path + ": checking " + options_.path + " (corrupt)", true);
    }
    check.reset();
    // Free pages go back to the file system (shrink()); a file made before
    // this needs one VACUUM to switch.
    if (pragma("auto_vacuum") != 2) {
      exec("PRAGMA auto_vacuum=INCREMENTAL");
      exec("VACUUM");
    }
    exec("CREATE TABLE IF NOT EXISTS message ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload BLOB NOT NULL)");
    Statement totals(db_, "SELECT count(*), coalesce(sum(length(topic) + length(payload)), 0),"
                          " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'message'), 0) FROM message");
    if (totals.step() != SQLITE_ROW) fail("reading " + options_.path);
    count_ = static_cast<std::uint64_t>(totals.integer(0));
    bytes_ = static_cast<std::uint64_t>(totals.integer(1));
    next_id_ = std::max(static_cast<std::uint64_t>(totals.integer(2)) + 1, options_.first_id);
    totals.reset();
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
  if (options_.sync_full) syncer_ = std::make_unique<WalSyncer>(options_.path + "-wal");
}

// close_v2 waits for the cached statements, finalized after this body runs.
SqliteOutbox::~SqliteOutbox() {
  try {
    flush_acks();
  } catch (const OutboxError&) {
    // Not deleted: those messages are sent once more after the next start.
  }
  syncer_.reset();  // the last requested fsync completes before the file closes
  sqlite3_close_v2(db_);
}

void SqliteOutbox::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string why = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw OutboxError("outbox " + options_.path + ": " + sql + ": " + why, is_corruption(sqlite3_extended_errcode(db_)));
  }
}

std::int64_t SqliteOutbox::pragma(const char* name) {
  Statement read(db_, (std::string("PRAGMA ") + name).c_str());
  if (read.step() != SQLITE_ROW) fail(std::string("reading PRAGMA ") + name);
  return read.integer(0);
}

std::uint64_t SqliteOutbox::fsyncs() const { return syncer_ ? syncer_->syncs() : 0; }

void SqliteOutbox::fail(const std::string& doing) const {
  const int code = sqlite3_extended_errcode(db_);
  throw OutboxError("outbox " + options_.path + ": " + doing + ": " + sqlite3_errmsg(db_) + " (" + sqlite3_errstr(code) +
                        ")",
                    is_corruption(code));
}

SqliteOutbox::Statement& SqliteOutbox::statement(std::unique_ptr<Statement>& slot, const char* sql) {
  if (!slot) slot = std::make_unique<Statement>(db_, sql);
  return *slot;
}

void SqliteOutbox::drop_oldest_until(std::uint64_t incoming) {
  // The oldest telemetry first, then the oldest of the rest (dropped_first(), outbox.h).
  auto& oldest_telemetry = statement(
      oldest_telemetry_,
      "SELECT id FROM message WHERE substr(topic, -10) = CAST('/telemetry' AS BLOB) ORDER BY id LIMIT 64");
  auto& oldest = statement(oldest_, "SELECT id FROM message ORDER BY id LIMIT 64");
  while (count_ > 0 && bytes_ + incoming > options_.max_bytes) {
    std::vector<std::int64_t> batch;
    int rc;
    while ((rc = oldest_telemetry.step()) == SQLITE_ROW) batch.push_back(oldest_telemetry.integer(0));
    if (rc == SQLITE_DONE && batch.empty()) {
      while ((rc = oldest.step()) == SQLITE_ROW) batch.push_back(oldest.integer(0));
    }
    // A failed read, or a table emptier than count_ says, is an error, not a reason to try again.
    if (rc != SQLITE_DONE) fail("reading the oldest messages");
    if (batch.empty()) fail("finding the oldest messages (none left, " + std::to_string(count_) + " counted)");
    for (const auto id : batch) {
      if (bytes_ + incoming <= options_.max_bytes) break;
      remove(static_cast<std::uint64_t>(id));
      ++dropped_;
    }
  }
}

void SqliteOutbox::remove(std::uint64_t id) {
  auto& del = statement(delete_, "DELETE FROM message WHERE id = ? RETURNING length(topic) + length(payload)");
  int rc = del.bind(1, static_cast<std::int64_t>(id)).step();
  if (rc == SQLITE_ROW) {
    --count_;
    bytes_ -= static_cast<std::uint64_t>(del.integer(0));
    rc = del.step();
  }
  if (rc != SQLITE_DONE) fail("removing message " + std::to_string(id));
}

std::uint64_t SqliteOutbox::push(const std::string& topic, std::string payload) {
  if (syncer_ && !syncer_->error().empty()) {
    throw OutboxError("outbox " + options_.path + ": fsync of the WAL failed: " + syncer_->error());
  }
  flush_acks();  // so that the full policy counts only what is still held
  const std::uint64_t size = topic.size() + payload.size();
  const auto counts = std::make_tuple(count_, bytes_, dropped_);
  try {
    exec("BEGIN IMMEDIATE");
    drop_oldest_until(size);
    auto& insert = statement(insert_, "INSERT INTO message (id, topic, payload) VALUES (?, ?, ?)");
    if (insert.bind(1, static_cast<std::int64_t>(next_id_)).bind(2, topic).bind(3, payload).step() != SQLITE_DONE) {
      fail("storing message " + std::to_string(next_id_));
    }
    insert.reset();
    exec("COMMIT");
  } catch (const OutboxError&) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    std::tie(count_, bytes_, dropped_) = counts;
    throw;
  }
  if (syncer_) syncer_->request();
  ++count_;
  bytes_ += size;
  return next_id_++;
}

std::vector<OutboxMessage> SqliteOutbox::next(std::size_t max, std::uint64_t after_id) {
  // From the start (a new connection): acknowledged messages must not go again.
  // If the flush fails they are skipped below, and the error shows on the next push.
  if (after_id == 0) {
    try {
      flush_acks();
    } catch (const OutboxError&) {
    }
  }
  auto& select = statement(select_, "SELECT id, topic, payload FROM message WHERE id > ? ORDER BY id LIMIT ?");
  // Acknowledged rows not yet deleted are skipped, so the limit counts them in;
  // a limit beyond int64 (e.g. max = SIZE_MAX) means all (-1 in SQLite).
  const std::int64_t limit = max > static_cast<std::size_t>(INT64_MAX) - acked_.size()
                                 ? -1
                                 : static_cast<std::int64_t>(max + acked_.size());
  select.bind(1, static_cast<std::int64_t>(after_id)).bind(2, limit);
  std::vector<OutboxMessage> out;
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    const auto id = static_cast<std::uint64_t>(select.integer(0));
    if (out.size() < max && std::find(acked_.begin(), acked_.end(), id) == acked_.end()) {
      out.push_back({id, select.blob(1), select.blob(2)});
    }
  }
  if (rc != SQLITE_DONE) fail("reading messages after " + std::to_string(after_id));
  return out;
}

void SqliteOutbox::ack(std::uint64_t id) {
  acked_.push_back(id);
  if (acked_.size() >= kAckBatch) flush_acks();
}

// One transaction for a batch of acks, without an fsync (see the class
// comment): the WalSyncer is not asked, and SQLite itself syncs only at checkpoints.
void SqliteOutbox::flush_acks() {
  if (acked_.empty()) return;
  const auto counts = std::make_tuple(count_, bytes_);
  try {
    exec("BEGIN IMMEDIATE");
    for (const auto id : acked_) remove(id);
    exec("COMMIT");
  } catch (const OutboxError&) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    std::tie(count_, bytes_) = counts;
    throw;
  }
  acked_.clear();
  shrink();
}

// Returns free pages to the file system once more than a quarter of the file
// is free, at most kShrinkPages per call so that one call stays short; the
// file itself gets shorter at the next WAL checkpoint, which follows.
void SqliteOutbox::shrink() {
  const std::int64_t free_pages = pragma("freelist_count");
  if (free_pages < kShrinkPages / 4 || free_pages * 4 < pragma("page_count")) return;
  exec(("PRAGMA incremental_vacuum(" + std::to_string(kShrinkPages) + ")").c_str());
  exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace sitepower
