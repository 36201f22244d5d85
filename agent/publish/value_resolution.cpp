#include "value_resolution.h"

#include <array>
#include <utility>

namespace sitepower {
namespace {

// Finer than the devices: a meter's power register is 1 W or 0.1 W, its
// voltage 0.1 V, its current 1-10 mA; a PDU's outlet energy 0.1 kWh; a
// miner's hashrate 2 decimals of TH/s; a BMC's temperatures whole degrees.
constexpr std::array<std::pair<std::string_view, double>, 16> kByUnit{{
    {"W", 0.1},
    {"var", 0.1},
    {"VA", 0.1},
    {"Wh", 1},
    {"varh", 1},
    {"VAh", 1},
    {"V", 0.01},
    {"A", 0.001},
    {"Hz", 0.001},
    {"", 1e-4},  // power factor, counts
    {"TH/s", 0.01},
    {"GH/s", 0.01},
    {"Cel", 0.1},
    {"rpm", 1},
    {"s", 1},
    {"%", 0.01},
}};

}  // namespace

double value_resolution(std::string_view unit) {
  for (const auto& [u, step] : kByUnit) {
    if (u == unit) return step;
  }
  return 1e-3;
}

}  // namespace sitepower
