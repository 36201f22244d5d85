#include "outlet_selector.h"

#include <algorithm>
#include <charconv>

namespace sitepower {
namespace {

std::optional<std::uint32_t> number(std::string_view text) {
  std::uint32_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

bool OutletSelector::selects(std::uint32_t index, std::string_view name) const {
  if (by_label()) return glob_match(label, name);
  for (const auto& [low, high] : ranges) {
    if (index >= low && index <= high) return true;
  }
  return false;
}

std::optional<std::uint32_t> outlet_index(std::string_view channel) {
  constexpr std::string_view prefix = "outlet";
  if (!channel.starts_with(prefix)) return std::nullopt;
  return number(channel.substr(prefix.size()));
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative with one backtrack point (the last '*'): linear in practice,
  // and no recursion for a pattern of many stars.
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_outlet_ranges(std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view part = trimmed(text.substr(0, comma));
    const std::size_t dash = part.find('-');
    const auto low = number(trimmed(part.substr(0, dash)));
    const auto high = dash == std::string_view::npos ? low : number(trimmed(part.substr(dash + 1)));
    if (!low || !high || *low == 0 || *high < *low) return {};
    out.emplace_back(*low, *high);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  // Sorted and merged: disjoint ranges, so overlap checks can bisect.
  std::sort(out.begin(), out.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const auto& r : out) {
    if (!merged.empty() && r.first <= merged.back().second + 1ULL) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace sitepower
