#include "wal_syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sitepower {

WalSyncer::WalSyncer(std::string wal_path) : path_(std::move(wal_path)), thread_([this] { run(); }) {}

WalSyncer::~WalSyncer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void WalSyncer::request() {
  {
    std::lock_guard lock(mutex_);
    ++requested_;
  }
  wake_.notify_one();
}

std::string WalSyncer::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

std::uint64_t WalSyncer::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

void WalSyncer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || synced_ < requested_; });
    if (synced_ == requested_) return;  // stopping, nothing left to sync
    const std::uint64_t target = requested_;
    lock.unlock();
    // Opened per sync: SQLite may truncate or recreate the WAL between commits.
    // No WAL (SQLite removed it after a checkpoint): nothing left to sync.
    std::string failure;
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if ((fd < 0 && errno != ENOENT) || (fd >= 0 && ::fdatasync(fd) != 0)) failure = path_ + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    lock.lock();
    synced_ = target;
    ++syncs_;
    if (error_.empty()) error_ = failure;
  }
}

}  // namespace sitepower
