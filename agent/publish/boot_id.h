#pragma once
#include <string>

namespace sitepower {

// A new boot id (Origin.boot_id): random UUID v4 text.
std::string make_boot_id();

}  // namespace sitepower
