#pragma once
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config_error.h"
#include "yaml_tree.h"

namespace sitepower {

// The longest string value a config key takes unless the key says otherwise:
// ids, names, URIs and file names are all far shorter. Bounding every string
// bounds the work (and the error text) any value can cause.
inline constexpr std::size_t kMaxStringBytes = 4096;

// A value or key as an error line shows it: quoted, and when long, its first
// bytes and its size, so that a huge value cannot flood the log.
std::string quoted(const std::string& text);
// A key in a key path: as it is, or quoted() when long.
std::string shown_key(const std::string& key);
// "a number from MIN to MAX": what a number key out of its range expected.
std::string number_range(double min, double max);

// A YAML mapping read with validation. Every accessor knows the file and the
// key path, so an error reads "site.yaml:14: devices[2].interval_s: expected a
// number > 0, got 'fast'". finish() rejects keys nobody asked for, which is how
// a typo like `intervall_s` is caught instead of silently ignored.
class Section {
 public:
  // `node` is a node of `tree`, which the section (and its children) keep alive.
  Section(std::shared_ptr<const YamlTree> tree, const YamlTree::Node* node, std::string file, std::string path);

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  int line() const { return node_->line; }
  bool has(const std::string& key) const;
  // Whether `key` holds a mapping: for keys that take a scalar or a mapping.
  bool has_mapping(const std::string& key) const;

  // Strings are non-empty and at most `max_bytes` long.
  std::string require_string(const std::string& key, std::size_t max_bytes = kMaxStringBytes);
  std::string get_string(const std::string& key, const std::string& fallback, std::size_t max_bytes = kMaxStringBytes);
  std::optional<std::string> optional_string(const std::string& key, std::size_t max_bytes = kMaxStringBytes);
  double require_number(const std::string& key, double min, double max);
  double get_number(const std::string& key, double fallback, double min, double max);
  long long get_int(const std::string& key, long long fallback, long long min, long long max);
  long long require_int(const std::string& key, long long min, long long max);
  bool get_bool(const std::string& key, bool fallback);
  std::chrono::milliseconds get_seconds(const std::string& key, double fallback_s, double min_s, double max_s);
  std::string get_choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& choices);
  std::vector<std::string> get_string_list(const std::string& key);

  Section require_section(const std::string& key);
  std::optional<Section> optional_section(const std::string& key);
  // Items of a sequence of mappings; an absent key gives an empty list.
  std::vector<Section> get_list(const std::string& key, bool required = false);

  // Errors if the mapping holds keys that no accessor asked for.
  void finish() const;
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const;
  [[noreturn]] void fail_value(const std::string& key, const std::string& expected) const;

 private:
  using Node = YamlTree::Node;
  const Node* child(const std::string& key);
  const Node* lookup(const std::string& key) const;
  std::string key_path(const std::string& key) const;
  std::string location(const Node* at) const;

  std::shared_ptr<const YamlTree> tree_;
  const Node* node_;
  std::string file_;
  std::string path_;
  std::vector<bool> used_;  // per key of the mapping: asked for by an accessor
};

// Reads a whole config file (at most kMaxFileBytes). Anything that stops it
// (missing, unreadable, a directory, too large) is a ConfigError naming the file.
inline constexpr std::size_t kMaxFileBytes = 32 * 1024 * 1024;
std::string read_config_file(const std::string& path);

// Parses YAML text read from `file` as one document whose top level is a
// mapping (named `path` in errors; a test may give a device's part of a file).
// A syntax error, a repeated key in any mapping, or a second document is a
// ConfigError naming the file and line (both lines for a repeat).
Section load_yaml_text(const std::string& text, const std::string& file, const std::string& path = "");
Section load_yaml_file(const std::string& path);

}  // namespace sitepower
