#include "fallback_outbox.h"

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <limits>

namespace sitepower {
namespace {

// outbox.db -> outbox.db.corrupt-20261202T071500Z, with its WAL beside it
// under the matching name, so `sqlite3` can still open the copy.
std::string move_aside(const std::string& path) {
  const std::string aside =
      path + ".corrupt-" + fmt::format("{:%Y%m%dT%H%M%SZ}", fmt::gmtime(std::chrono::system_clock::now()));
  std::error_code ec;
  std::filesystem::rename(path, aside, ec);
  if (ec) throw OutboxError("cannot move the corrupt " + path + " aside: " + ec.message());
  std::filesystem::rename(path + "-wal", aside + "-wal", ec);  // absent if none: nothing to keep
  std::filesystem::remove(path + "-shm", ec);
  return aside;
}

}  // namespace

FallbackOutbox::FallbackOutbox(SqliteOutboxOptions options, std::uint64_t memory_max_bytes)
    : options_(std::move(options)), memory_max_bytes_(memory_max_bytes), ids_(options_.path + ".last-id") {
  try {
    open_disk();
  } catch (const OutboxError& e) {
    fall_back(e);
  }
}

FallbackOutbox::~FallbackOutbox() { ids_.save(); }

void FallbackOutbox::open_disk() {
  options_.first_id = ids_.highest() + 1;
  try {
    disk_ = std::make_unique<SqliteOutbox>(options_);
  } catch (const OutboxError& e) {
    if (!e.corrupt) throw;
    const std::string aside = move_aside(options_.path);
    // The record may lag the lost file by up to kEvery - 1 ids (see OutboxIdRecord).
    options_.first_id = ids_.highest() + OutboxIdRecord::kEvery;
    disk_ = std::make_unique<SqliteOutbox>(options_);
    spdlog::error("outbox: {} was corrupt ({}); moved it aside to {} and started a new one at id {}. Messages "
                  "held in it are not sent.", options_.path, e.what(), aside, options_.first_id);
    return;
  }
  spdlog::info("outbox: {} holds {} messages ({} bytes) from before; they are sent first", options_.path,
               disk_->depth(), disk_->bytes());
}

void FallbackOutbox::fall_back(const OutboxError& e) {
  disk_error_ = e.what();
  std::uint64_t next_id = ids_.highest() + 1;
  std::vector<OutboxMessage> rescued;
  if (disk_) {
    next_id = std::max(next_id, disk_->next_id());
    dropped_on_disk_ = disk_->dropped();
    try {
      rescued = disk_->next(std::numeric_limits<std::size_t>::max(), 0);
    } catch (const OutboxError& again) {
      spdlog::error("outbox: cannot read the messages still on disk ({}); they stay there for the next start",
                    again.what());
    }
    disk_.reset();
  }
  memory_ = std::make_unique<MemoryOutbox>(memory_max_bytes_, next_id);
  const std::size_t moved = rescued.size();
  for (auto& m : rescued) memory_->adopt(std::move(m));
  // Ids from here on exist nowhere but in memory: the record keeps them from coming back.
  ids_.note(memory_->last_id(), true);
  spdlog::error("outbox: disk store failed: {}. Running with the outbox in memory ({} messages moved there, "
                "limit {} bytes): data is lost if the agent stops while the broker is unreachable. Fix the state "
                "directory and restart.", disk_error_, moved, memory_max_bytes_);
}

std::uint64_t FallbackOutbox::push(const std::string& topic, std::string payload) {
  const std::uint64_t dropped_before = dropped();
  const std::uint64_t id = push_somewhere(topic, std::move(payload));
  ids_.note(id, !disk_);
  // Status carries the count; the log says it the first time and every 1000.
  if (dropped() / 1000 != dropped_before / 1000 || (dropped_before == 0 && dropped() > 0)) {
    spdlog::warn("outbox full (limit {} bytes {}): dropped the oldest messages, {} since start", max_bytes(),
                 disk_ ? "on disk" : "in memory", dropped());
  }
  return id;
}

// A message the disk refused goes to memory under the same id: its payload
// already carries that id (Origin.outbox_id), and memory starts at the
// disk's next id.
std::uint64_t FallbackOutbox::push_somewhere(const std::string& topic, std::string payload) {
  if (disk_) {
    const std::uint64_t id = disk_->next_id();
    try {
      return disk_->push(topic, payload);  // a copy: kept for memory should the disk refuse it
    } catch (const OutboxError& e) {
      fall_back(e);
      memory_->adopt(OutboxMessage{id, topic, std::move(payload)});
      return id;
    }
  }
  return memory_->push(topic, std::move(payload));
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
