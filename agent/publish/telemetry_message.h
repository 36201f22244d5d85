#pragma once
#include <vector>

#include "demand_window.h"
#include "load_split.h"
#include "reading_store.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// One cycle's split and readings as a Telemetry message, without origin,
// time or interval (the Encoder adds those; `--once` shows it as it is).
v1::Telemetry telemetry_message(const SplitResult& split, const std::vector<StoredReading>& readings);
// The same into a message that may live on an arena (the Encoder's).
void fill_telemetry(const SplitResult& split, const std::vector<StoredReading>& readings, v1::Telemetry* out);

// Its parts, for the compact form (packed_telemetry.h): site power,
// headroom and classes; one tree node whole; one reading whole.
void fill_split_summary(const SplitResult& split, v1::Telemetry* t);
void set_group(const NodePower& n, const ReconcileBand& band, v1::GroupPower* g);
void set_reading(const StoredReading& r, v1::DeviceReading* d);

// A demand window's figures, field by field.
void set_demand(const DemandFigures& d, v1::DemandWindow* out);

}  // namespace sitepower
