#pragma once
// Readings a driver derives from its own readings in one poll (a server's GPU
// sum, chassis minus GPUs): the one rule for their value and quality, shared
// by the drivers that derive them (prometheus, redfish).
#include <string>
#include <vector>

#include "quality_sum.h"
#include "reading.h"

namespace sitepower {

// The reading of `channel`/`quantity` in `readings`; nullptr when none.
const Reading* find_reading(const std::vector<Reading>& readings, const std::string& channel,
                            const std::string& quantity);

// A sum's reading: its value, estimated part and quality, and why when not GOOD.
Reading sum_reading(const std::string& channel, const std::string& quantity, const std::string& unit,
                    const QualitySum& sum);

// `a` minus `b`: BAD when either has no value (absent, BAD, MISSING), naming
// which and why; PARTIAL when either is not whole and measured; GOOD otherwise.
Reading difference_reading(const std::string& channel, const std::string& quantity, const Reading* a,
                           const std::string& a_name, const Reading* b, const std::string& b_name);

}  // namespace sitepower
