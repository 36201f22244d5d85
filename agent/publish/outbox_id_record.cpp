#include "outbox_id_record.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace sitepower {

OutboxIdRecord::OutboxIdRecord(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_);
  if (!(in >> highest_)) highest_ = 0;
  saved_ = highest_;
}

void OutboxIdRecord::note(std::uint64_t id, bool eager) {
  if (id <= highest_) return;
  highest_ = id;
  if (eager || highest_ >= saved_ + kEvery) save();
}

// Written beside and renamed over the old one, so a crash leaves one of the two whole.
void OutboxIdRecord::save() {
  if (highest_ == saved_) return;
  const std::string tmp = path_ + ".tmp";
  bool ok = false;
  if (std::FILE* f = std::fopen(tmp.c_str(), "w")) {
    ok = std::fprintf(f, "%llu\n", static_cast<unsigned long long>(highest_)) > 0;
    ok = std::fclose(f) == 0 && ok;
  }
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path_, ec);
  if (ok && !ec) {
    saved_ = highest_;
    save_failed_ = false;
    return;
  }
  if (!save_failed_) {
    spdlog::warn("outbox: cannot record the highest outbox id in {}; after a restart ids may repeat if outbox.db "
                 "is lost too", path_);
  }
  save_failed_ = true;
}

}  // namespace sitepower
