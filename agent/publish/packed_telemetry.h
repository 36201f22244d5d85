#pragma once
// Compact telemetry (docs/compact-telemetry.md): readings and simple tree
// nodes as values in catalogue order, 4-bit qualities and exceptions for
// what those cannot say. view/unpack_telemetry.h reverses it.
#include <vector>

#include "load_split.h"
#include "reading_catalogue.h"
#include "reading_store.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// Fills `t` as fill_telemetry() does, with the readings and the simple nodes
// in t->packed instead of t->readings and t->groups. A reading or node not
// in `catalogue` (ReadingCatalogue::learn comes first) goes whole. `now`: the
// message's time, which the devices' ages count back from.
void fill_compact_telemetry(const ReadingCatalogue& catalogue, const SplitResult& split,
                            const std::vector<StoredReading>& readings, WallTime now, v1::Telemetry* t);

// round(value / resolution) when that is the value within half a step (the
// value is finite and the step count fits a double's integers); else nullopt.
std::optional<std::int64_t> steps_of(double value, double resolution);

}  // namespace sitepower
