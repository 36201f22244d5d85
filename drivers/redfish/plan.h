#pragma once
// What one poll reads, found once by discovery (discovery.h): the resources
// to GET and, in each, the readings at JSON pointers. Data, rebuilt when the
// BMC's tree changes (a 404).
#include <string>
#include <vector>

namespace sitepower::redfish {

struct Value {
  std::string pointer;  // "/PowerWatts/Reading"
  std::string channel;  // chassis, psu0, gpu3, total, outlet12
  std::string quantity; // power, energy_import, current, voltage
  std::string unit;     // W, Wh, A, V
  double scale = 1;     // EnergykWh to Wh: 1000
  std::string label = {};  // the BMC's name for the channel: a PSU's Id, an outlet's UserLabel
};

struct Source {
  std::string uri;
  std::vector<Value> values;
};

struct Plan {
  std::vector<Source> sources;
  // The GPU chassis' channels (gpu0..), whose power sums to server/gpu_power.
  std::vector<std::string> gpu_channels;
  bool server = false;  // a server's chassis/power is read (else: a rack PDU, or nothing)

  // Adds `v` to the source of `uri` (a legacy Power resource gives the
  // chassis and its PSUs: one GET).
  void add(const std::string& uri, Value v);
  std::size_t value_count() const;
};

}  // namespace sitepower::redfish
