#pragma once
// The Prometheus text exposition format (version 0.0.4), read by hand: Debian
// 12 packages no C++ reader for it (prometheus-cpp writes it, never parses),
// the grammar is one page, and a reader of our own can keep going past a bad
// line and say which line and why, which the driver's readings need.
//
// Followed exactly: lines end at "\n"; blanks (space, tab) separate tokens and
// are ignored at both ends; empty lines are skipped; "# HELP name text" and
// "# TYPE name type" are read (a second TYPE or HELP for a name, or an unknown
// type, is a bad line); any other "#" line is a comment. A sample is
// `name[{label="value",...}] value [timestamp]`: names [a-zA-Z_:][a-zA-Z0-9_:]*,
// label names [a-zA-Z_][a-zA-Z0-9_]*, a trailing comma allowed, a label twice
// is bad; label values escape \\ \" \n (any other escape is bad); values are
// floats as Go's ParseFloat reads them (NaN, +Inf, -Inf, Inf, 1e3, .5; not
// out of range); timestamps are int64 milliseconds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitepower::prometheus {

struct Label {
  std::string name;
  std::string value;
};

struct Sample {
  std::string metric;
  std::vector<Label> labels;  // in the order given
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  std::size_t line = 0;  // 1-based

  const std::string* label(std::string_view name) const;
};

struct BadLine {
  std::size_t line = 0;  // 1-based
  std::string metric;    // the metric the line is about, when its name could be read
  std::string reason;
};

struct Exposition {
  std::vector<Sample> samples;
  std::map<std::string, std::string> types;  // metric family -> counter, gauge, histogram, summary, untyped
  std::vector<BadLine> bad_lines;
};

// Never throws; every line that does not follow the format is a BadLine and
// the lines after it are read on.
Exposition parse_exposition(std::string_view text);

}  // namespace sitepower::prometheus
