#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace sitepower {

// Makes a WAL file durable off the event loop. With `outbox.sync: full` the
// outbox commits each cycle without waiting for the disk (SQLite's
// synchronous=NORMAL: the WAL frames are written, not yet fsynced) and asks
// this thread to fdatasync the WAL. A power cut loses at most the cycle
// whose fsync is under way, exactly as when the fsync ran on the loop; but
// the poll loop never waits for the disk, which on an SD card can take
// hundreds of milliseconds. Requests made while a sync runs are covered by
// the next one.
class WalSyncer {
 public:
  explicit WalSyncer(std::string wal_path);
  ~WalSyncer();  // makes what was requested durable, then stops
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  void request();
  // The first fsync failure (e.g. "Input/output error"), empty while none.
  std::string error() const;
  std::uint64_t syncs() const;  // fsyncs done, for tests and benchmarks

 private:
  void run();

  const std::string path_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t requested_ = 0, synced_ = 0, syncs_ = 0;
  bool stopping_ = false;
  std::string error_;
  std::thread thread_;  // last: starts after the state above exists
};

}  // namespace sitepower
