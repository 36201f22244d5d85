#pragma once
// A closed demand window's books (energy_book.h) as sitepower.v1.Settlement.
#include "energy_book.h"
#include "sitepower/v1/settlement.pb.h"

namespace sitepower {

v1::Settlement settlement_message(const Settlement& s, std::chrono::minutes window);

}  // namespace sitepower
