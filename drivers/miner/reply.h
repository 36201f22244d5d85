#pragma once
// A miner's answer to one command, decoded.
//
// Parser choice: RapidJSON (Debian rapidjson-dev, header-only). It has a
// lenient mode for one of bmminer's faults (kParseTrailingCommasFlag: `[1,2,]`,
// `{"a":1,}`), parses iteratively (no stack depth to exhaust on hostile
// nesting) and reads NaN/Infinity. Boost.JSON would need Boost 1.81, which
// conflicts with the project's Boost 1.74; nlohmann has no trailing-comma
// mode; simdjson is fast but strict. What no parser accepts is fixed first by
// preclean(), one pass that knows where strings are:
//   - the reply ends at the first NUL (cgminer sends one after the JSON);
//   - `}{` between sections (bmminer's `stats`) becomes `},{`;
//   - stray commas (`,,`, `[,`, `{,`) are dropped;
//   - an unquoted value (`"Elapsed":1d 2h,`) becomes a string.
// Then the reply's STATUS (S, I, W: usable; E, F: the miner refused) decides.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace sitepower::miner {

struct Reply {
  rapidjson::Document doc;
  char status = 0;      // STATUS[0].STATUS (or a top-level STATUS string): 'S', 'I', 'W', 'E', 'F'; 0 if none
  std::string message;  // STATUS[0].Msg, for the error text
  std::string error;    // non-empty: unusable (not JSON, STATUS E or F)
};

std::string preclean(std::string_view raw);
Reply parse_reply(std::string_view raw);

// The value at `path` ("SUMMARY/0/MHS 5s": members by name, arrays by index),
// as a number; numeric strings ("13500.52", as bmminer sends some) count.
std::optional<double> number_at(const rapidjson::Value& root, std::string_view path);

}  // namespace sitepower::miner
