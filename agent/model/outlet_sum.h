#pragma once
// A tree node's power when it selects outlets of a PDU (MeterRef::outlets):
// the sum over the selected outlets, each counted only when GOOD.
#include <map>
#include <string>

#include "reading_store.h"

namespace sitepower {

struct OutletSum {
  double power_w = 0;
  // GOOD: every selected outlet counted. PARTIAL: some left out (not GOOD, or
  // counted by another node). None counted: their common quality if they share
  // one (a PDU gone STALE stays STALE), else BAD. MISSING: nothing selected.
  Quality quality = Quality::Missing;
  std::string error;
};

// Outlet values already counted this cycle: "device/channel/quantity" -> the node that counts it.
using OutletClaims = std::map<std::string, std::string>;

// Sums `ref`'s selected outlets for node `node_id`. An outlet in `claims` under
// another node is left out and named in the error (two label patterns that
// match the same outlet: config cannot see that, the split must not count it
// twice); each outlet counted is claimed for `node_id`.
OutletSum sum_outlets(const ReadingStore& store, const MeterRef& ref, const std::string& node_id, SteadyTime now,
                      OutletClaims& claims);

// Claims a plain meter's outlet value ("pdu-1/outlet3") for `node_id`, so that
// a label selecting the same outlet leaves it out. Other channels are ignored.
void claim_outlet_meter(const MeterRef& ref, const std::string& node_id, OutletClaims& claims);

}  // namespace sitepower
