#pragma once
// Times as the views print them: UTC, from ms since the epoch.
#include <cstdint>
#include <string>

namespace sitepower {

std::string utc_date_time(std::int64_t unix_ms);  // "2026-12-02 16:00:14.029Z"
std::string utc_hour_minute(std::int64_t unix_ms);  // "16:00"
std::string utc_time(std::int64_t unix_ms);  // "16:00:14Z"

}  // namespace sitepower
