#pragma once
#include <string>

namespace sitepower {

// Good: measured. Estimated: a value that counts but is in part or whole not
// measured (a miner's nameplate, an efficiency times hashrate, an assumption):
// Reading::estimated says how much. Partial: an aggregate that leaves inputs
// out. Bad, Stale, Missing: no value to count.
enum class Quality { Good, Bad, Stale, Missing, Partial, Estimated };

const char* to_string(Quality q);

// Good, Estimated or Partial: the value counts (into sums, tree nodes, classes),
// with its quality carried along; otherwise there is no value, only a reason.
bool has_value(Quality q);

// One value as a driver read it. Channels name where on the device the value
// comes from ("total", "L1", "outlet3"); quantities what it is ("power",
// "voltage", "current", "frequency", "power_factor", "energy_import", ...).
struct Reading {
  std::string channel = "total";
  std::string quantity;
  double value = 0;
  std::string unit;
  Quality quality = Quality::Good;
  std::string error;  // why it is not Good
  // Counters (counter.h): the value at which the device's register rolls over
  // to 0, in `unit`, when the driver knows its width (SNMP Counter32, a Modbus
  // u32); 0 when it does not (then every decrease is a reset).
  double counter_span = 0;
  // The channel's name on the device where it has one (a PDU outlet's name,
  // "gpu-a1"); outlet selectors match it (`outlets: {label: "gpu-*"}`).
  std::string label = {};
  // The part of `value` that is estimated, in `unit`: all of it for a pure
  // estimate, some of it for a sum over measured and estimated inputs; 0 when
  // measured. Set (>0) exactly when quality is Estimated, or Partial over some estimates.
  double estimated = 0;
  // The split adds this value up over devices: per tree node (the devices it
  // is metered by or `reported` by) and per load class (its leaves' devices).
  // For a fleet's totals: miners mining, hashrate, curtailed power, a GPU
  // server's gpu_power and non_gpu_power. A driver sets it on one channel per
  // quantity (a miner row's `total`, a GPU server's `server`).
  bool rollup = false;
};

}  // namespace sitepower
