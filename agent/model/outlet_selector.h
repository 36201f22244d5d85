#pragma once
// Which outlets of a PDU a tree node counts: by index (single numbers and
// ranges, "1-8,12") or by label pattern ("gpu-*"). The driver publishes outlet
// N as channel "outlet<N>" and the outlet's name as the reading's label.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sitepower {

struct OutletSelector {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // inclusive; by index when label is empty
  std::string label;                                            // glob: '*' any run, '?' one character
  std::string text;                                             // as the config wrote it, for errors

  bool by_label() const { return !label.empty(); }
  // Whether the outlet `index` named `name` is selected.
  bool selects(std::uint32_t index, std::string_view name) const;
};

// "outlet12" -> 12; anything else (the inlet "total", "L1") -> nothing.
std::optional<std::uint32_t> outlet_index(std::string_view channel);

// Shell-style match of the whole `text`: '*' any run (also empty), '?' one character.
bool glob_match(std::string_view pattern, std::string_view text);

// Parses "3", "1-8" or "1-8,12,20-24" (spaces allowed after commas) into
// sorted, merged (disjoint) ranges. An empty result means the text is not of
// that form: outlets are numbered from 1 and a range runs low to high.
std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_outlet_ranges(std::string_view text);

}  // namespace sitepower
