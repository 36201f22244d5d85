#pragma once
// The readings one scrape gives under a mapping (series_map.h): no I/O, so
// that every quality rule is tested on text alone.
//
// Per series map: each matched series is a reading on its channel; NaN or
// ±Inf is BAD; two series on one channel are both BAD (the mapping needs a
// `match:`). A bad line (exposition.h) about the map's metric makes every
// reading of the map BAD: which series it was cannot be told from a line that
// did not parse, and a sum without it would be wrong. A metric not in the
// scrape is BAD "metric X not in the scrape" on every channel it has had
// (remembered across scrapes, so a GPU that vanishes stays, BAD). A sum is
// GOOD when all its series are, PARTIAL when some are, BAD when none is.
// A difference is BAD when either input is, PARTIAL when either is partial.
// Energy counters are passed on as read: a counter that goes down is judged a
// reset by the core (counter.h), not here.
#include <set>
#include <string>
#include <vector>

#include "exposition.h"
#include "reading.h"
#include "series_map.h"

namespace sitepower::prometheus {

// The channels each series map has had, indexed like Mapping::series.
struct ChannelMemory {
  std::vector<std::set<std::string>> seen;
};

std::vector<Reading> scrape_readings(const Mapping& mapping, const Exposition& scrape, ChannelMemory& memory);

}  // namespace sitepower::prometheus
