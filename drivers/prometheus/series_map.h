#pragma once
// What a scrape's series mean: a metric and label matchers give a quantity on
// a channel (named from a label: `gpu{gpu}` -> gpu0..gpu7), optionally summed
// over every matched series; differences of two readings (chassis power minus
// GPU power) are quantities too. A sum or a difference may be a fleet figure
// (Reading::rollup: a server's gpu_power), which the split adds up per node
// and class. Data, from a profile (profiles/*.yaml) and from the device's own
// `series:` and `differences:`, never code.
#include <optional>
#include <string>
#include <vector>

#include "device_settings.h"
#include "exposition.h"

namespace sitepower {
class Section;
}

namespace sitepower::prometheus {

// The reading a sum or a difference gives.
struct DerivedReading {
  ChannelQuantity name;  // gpus / power, server / gpu_power
  bool rollup = false;   // Reading::rollup: the split adds it up per node and class
};

struct SeriesMap {
  std::string metric;
  std::vector<Label> match;  // labels a series must have with these values (`match: [gpu=0]`)
  std::string quantity;
  std::string unit;
  double scale = 1;     // value = sample × scale ÷ divide
  double divide = 1;    // a unit's divisor as it is written (DCGM's mJ to Wh: 3.6e6), exact where 1/3.6e6 is not
  std::string channel;  // "total", or with {label} parts filled from each series' labels
  std::optional<DerivedReading> sum = std::nullopt;  // the sum over the matched series

  bool per_series() const { return channel.find('{') != std::string::npos; }
  // The labels `channel` names in braces.
  std::vector<std::string> channel_labels() const;
  // `channel` filled from the sample's labels.
  std::string channel_of(const Sample& s) const;
  bool matches(const Sample& s) const;
};

struct Difference {
  DerivedReading result;   // e.g. server / non_gpu_power, a rollup
  ChannelQuantity of;      // chassis / power
  ChannelQuantity minus;   // gpus / power
};

struct Mapping {
  std::vector<SeriesMap> series;
  std::vector<Difference> differences;
  // Every (channel, quantity) whose name the mapping alone fixes: fixed
  // channels, sums and differences (not per-series ones).
  std::vector<ChannelQuantity> fixed_channels() const;
};

// Reads `series:` and `differences:` of `s` into `into`: an entry with the
// channel and quantity of one already there replaces it (a device's own
// mapping overrides its profile's), others are added. Errors are
// file:line:key; a difference must name readings the mapping fixes, and two
// rollups of one quantity (which every node would add twice) are refused.
void add_mappings(Section& s, Mapping& into);

// A profile file: `name`, `series`, `differences`.
Mapping load_profile(const std::string& path);

}  // namespace sitepower::prometheus
