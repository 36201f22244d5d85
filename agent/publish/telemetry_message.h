#pragma once
#include <vector>

#include "load_split.h"
#include "reading_store.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// One cycle's split and readings as a Telemetry message, without origin,
// time or interval (the Encoder adds those; `--once` shows it as it is).
v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings);

}  // namespace sitepower
