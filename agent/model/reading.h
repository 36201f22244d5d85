#pragma once
#include <string>

namespace sitepower {

enum class Quality { Good, Bad, Stale, Missing, Partial };

const char* to_string(Quality q);

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
};

}  // namespace sitepower
