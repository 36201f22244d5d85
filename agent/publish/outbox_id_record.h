#pragma once
#include <cstdint>
#include <string>

namespace sitepower {

// The highest outbox id handed out, kept in a small file beside outbox.db
// (`outbox.db.last-id`) so that ids only go up even where outbox.db cannot
// say: after a run with the outbox in memory (ids beyond what the file
// holds), or when a corrupt outbox.db was moved aside (a new, empty file).
//
// Written at every id while the outbox runs in memory (the disk failed, so
// the write is best effort), every kEvery ids on disk, and when the outbox
// closes. After a SIGKILL on disk the record may lag by up to kEvery - 1;
// outbox.db itself knows better then, unless it is corrupt: so a new file
// made for a corrupt one starts at `highest() + kEvery`.
class OutboxIdRecord {
 public:
  static constexpr std::uint64_t kEvery = 1000;

  explicit OutboxIdRecord(std::string path);  // 0 if the file is absent or unreadable
  std::uint64_t highest() const { return highest_; }
  // An id was handed out; `eager`: write now (memory mode), else every kEvery.
  void note(std::uint64_t id, bool eager);
  void save();  // writes the file now; a failure is logged once

 private:
  std::string path_;
  std::uint64_t highest_ = 0;
  std::uint64_t saved_ = 0;
  bool save_failed_ = false;
};

}  // namespace sitepower
