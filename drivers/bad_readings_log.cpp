#include "bad_readings_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sitepower {
namespace {

std::string state_key(const std::string& text) { return text.substr(0, text.find(" (")); }

}  // namespace

void BadReadingsLog::note(const std::vector<Reading>& readings) {
  std::string bad;
  std::string first;
  std::size_t count = 0;
  for (const Reading& r : readings) {
    if (r.quality == Quality::Good) continue;
    bad += r.channel + "/" + r.quantity + " " + state_key(r.error) + "\n";
    if (count++ == 0) first = fmt::format("{}/{} {}: {}", r.channel, r.quantity, to_string(r.quality), r.error);
  }
  if (bad == last_) return;
  if (count == 0) {
    spdlog::info("{}: every reading good", who_);
  } else {
    spdlog::warn("{}: {} readings not good, first {}", who_, count, first);
  }
  last_ = std::move(bad);
}

}  // namespace sitepower
