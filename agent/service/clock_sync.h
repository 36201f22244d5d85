#pragma once
// Whether the kernel considers the system clock synchronised (an NTP or PTP
// daemon disciplining it): adjtimex(2) read-only, as timedatectl's "System
// clock synchronized" reads it. Every timestamp and demand window rests on it.
#include <optional>

namespace sitepower {

// nullopt when the kernel cannot be asked.
std::optional<bool> clock_synchronised();

}  // namespace sitepower
