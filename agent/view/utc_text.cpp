#include "utc_text.h"

#include <fmt/format.h>

#include <ctime>

namespace sitepower {
namespace {

std::tm utc(std::int64_t unix_ms) {
  const std::time_t s = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&s, &tm);
  return tm;
}

}  // namespace

std::string utc_date_time(std::int64_t unix_ms) {
  const std::tm tm = utc(unix_ms);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(unix_ms % 1000));
}

std::string utc_hour_minute(std::int64_t unix_ms) {
  const std::tm tm = utc(unix_ms);
  return fmt::format("{:02d}:{:02d}", tm.tm_hour, tm.tm_min);
}

std::string utc_time(std::int64_t unix_ms) {
  const std::tm tm = utc(unix_ms);
  return fmt::format("{:02d}:{:02d}:{:02d}Z", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace sitepower
