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
  using Id = std::uint32_t;  // files are at most 32 MiB, so ids and offsets fit

  struct Node {
    Kind kind = Kind::Null;
    int line = 0;   // 1-based line where the node starts
    Id begin = 0;   // collections: entries[begin, begin + size) (a map's are key, value, key, value…);
    Id size = 0;    // scalars: texts[begin, begin + size)
  };

  std::vector<Node> nodes;  // the document's root first
  std::vector<Id> entries;
  std::string texts;        // every scalar's text, one after the other

  // Null for an empty document.
  const Node* root() const { return nodes.empty() ? nullptr : &nodes.front(); }

  std::string_view text(const Node& scalar) const { return {texts.data() + scalar.begin, scalar.size}; }
  std::span<const Id> entries_of(const Node& n) const { return {entries.data() + n.begin, n.size}; }

  // A map's i-th key and value.
  const Node& key_at(const Node& map, std::size_t i) const { return nodes[entries[map.begin + 2 * i]]; }
  const Node& value_at(const Node& map, std::size_t i) const { return nodes[entries[map.begin + 2 * i + 1]]; }
  std::size_t key_count(const Node& map) const { return map.size / 2; }

  // Which of map `n`'s keys is `key`, or key_count() when it is absent.
  std::size_t key_index(const Node& map, std::string_view key) const {
    std::size_t i = 0;
    for (; i < key_count(map); ++i) {
      const Node& k = key_at(map, i);
      if (k.kind == Kind::Scalar && text(k) == key) break;
    }
    return i;
  }
};

}  // namespace sitepower
