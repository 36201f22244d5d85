#pragma once
// From a PDU's answers to readings, through its profile. Pure: the device
// does the I/O, this decides every value and its quality.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reading.h"
#include "snmp_profile.h"
#include "varbind.h"

namespace sitepower::snmp {

// What one poll brought back: the GET of the inlet scalars, and each walked
// column's rows (an OID maps to its varbind).
struct PduAnswers {
  std::map<Oid, Varbind> scalars;
  std::map<Oid, Varbind> rows;
};

struct PduReadings {
  std::vector<Reading> readings;
  std::vector<std::uint32_t> outlets;         // outlet numbers found in the value columns
  std::map<std::uint32_t, std::string> names;  // outlet number -> name/label, where the profile has one
};

// The OIDs to GET (inlet values with their decimal digits and availability)
// and the columns to walk (outlet values, theirs, name and state).
std::vector<Oid> scalar_oids(const Profile& p);
std::vector<Oid> column_oids(const Profile& p);

// Channels: the profile's inlet channel ("total") and "outlet<N>", whose
// readings carry the outlet's name as their label. An outlet
// switched off reads 0 W and 0 A with Good quality; a value the PDU marks
// unavailable, or cannot give (noSuch*, wrong type), is Bad with the reason.
PduReadings decode_readings(const Profile& p, const PduAnswers& answers);

}  // namespace sitepower::snmp
