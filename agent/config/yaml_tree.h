#pragma once
// A parsed YAML document as plain data, which is all Section reads. It is
// built from yaml-cpp's parser events in the same pass that refuses repeated
// keys (yaml_document.cpp), instead of a second parse by YAML::Load into its
// graph of reference-counted nodes: a 100,000-point profile is about a million
// nodes (see BENCHMARKS.md, profile load time).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sitepower {

struct YamlTree {
  enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };
  using Id = std::uint32_t;

  struct Node {
    Kind kind = Kind::Null;
    int line = 0;         // 1-based line where the node starts
    Id first = 0;         // collections: where their entries start in `entries`
    Id count = 0;         // collections: number of entries (a map's are key, value, key, value…)
    std::string scalar;   // scalars: the text
  };

  std::vector<Node> nodes;  // the document's root first
  std::vector<Id> entries;

  // Null for an empty document.
  const Node* root() const { return nodes.empty() ? nullptr : &nodes.front(); }

  std::span<const Id> entries_of(const Node& n) const { return {entries.data() + n.first, n.count}; }

  // A map's i-th key and value.
  const Node& key_at(const Node& map, std::size_t i) const { return nodes[entries[map.first + 2 * i]]; }
  const Node& value_at(const Node& map, std::size_t i) const { return nodes[entries[map.first + 2 * i + 1]]; }
  std::size_t key_count(const Node& map) const { return map.count / 2; }

  // Which of map `n`'s keys is `key`, or key_count() when it is absent.
  std::size_t key_index(const Node& map, std::string_view key) const {
    std::size_t i = 0;
    for (; i < key_count(map); ++i) {
      const Node& k = key_at(map, i);
      if (k.kind == Kind::Scalar && k.scalar == key) break;
    }
    return i;
  }
};

}  // namespace sitepower
