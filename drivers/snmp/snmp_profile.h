#pragma once
// A PDU profile: which OIDs hold which quantities, as data (profiles/*.yaml,
// format in README.md). Inlet values are scalars read with one GET; outlet
// values are table columns walked with GETBULK, so the outlet count is the
// device's, never the config's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snmp_value.h"
#include "varbind.h"

namespace sitepower::snmp {

struct ValueSpec {
  std::string quantity;  // power, current, voltage, energy_import
  std::string unit;      // W, A, V, Wh
  Oid oid;               // inlet: the instance; outlet: the column
  // Outlets: trailing sub-identifiers every row of this value has (Raritan's
  // sensor type); rows with other endings are not this value's.
  Oid suffix;
  std::optional<Oid> decimal_digits;  // same shape as `oid`: value / 10^digits (Raritan)
  std::optional<Oid> available;       // same shape: TruthValue, true(1) = available (Raritan)
  ValueRule rule;
};

struct ColumnSpec {
  Oid oid;
  Oid suffix;
  std::vector<std::int64_t> on;  // state: values meaning "switched on"
};

struct Profile {
  std::string name;
  std::string file;
  std::string inlet_channel = "total";
  std::vector<ValueSpec> inlet;
  std::vector<ValueSpec> outlet;
  std::optional<ColumnSpec> outlet_name;
  std::optional<ColumnSpec> outlet_state;
};

Profile load_profile(const std::string& path);

// `profile:` of a device: a path (has '/' or ends in .yaml) relative to
// config_dir, else <config_dir>/profiles/<name>.yaml, then the shipped
// drivers/snmp/profiles/<name>.yaml (SITEPOWER_SNMP_PROFILE_DIR).
std::string find_profile(const std::string& ref, const std::string& config_dir);

// The outlet number of a row: the last sub-identifier of its index once the
// column and the suffix are taken off; nullopt if the row is not the column's.
std::optional<std::uint32_t> outlet_of(const Oid& row, const Oid& column, const Oid& suffix);

}  // namespace sitepower::snmp
