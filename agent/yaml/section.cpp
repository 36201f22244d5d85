#include "section.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <sstream>
#include <utility>

namespace sitepower {
namespace {

using Kind = YamlTree::Kind;

bool absent(const YamlTree::Node* n) { return !n || n->kind == Kind::Null; }
bool is_scalar(const YamlTree::Node* n) { return n && n->kind == Kind::Scalar; }

std::string describe(const YamlTree& tree, const YamlTree::Node* n) {
  if (absent(n)) return "nothing";
  if (n->kind == Kind::Scalar) return quoted(std::string(tree.text(*n)));
  if (n->kind == Kind::Sequence) return "a list";
  return "a mapping";
}

// yaml-cpp's own conversions (number formats, .inf, yes/no), applied to a scalar's text.
template <typename T>
bool decode(const YamlTree& tree, const YamlTree::Node* n, T& out) {
  return is_scalar(n) && YAML::convert<T>::decode(YAML::Node(std::string(tree.text(*n))), out);
}

// Long enough to recognise a value, short enough that a huge one cannot flood the log.
constexpr std::size_t kQuotedBytes = 80;

}  // namespace

std::string quoted(const std::string& text) {
  if (text.size() <= kQuotedBytes) return "'" + text + "'";
  return "'" + text.substr(0, kQuotedBytes) + "...' (" + std::to_string(text.size()) + " bytes)";
}

std::string number_range(double min, double max) {
  std::ostringstream o;
  o << "a number from " << min << " to " << max;
  return o.str();
}

std::string shown_key(const std::string& key) { return key.size() <= kQuotedBytes ? key : quoted(key); }

Section::Section(std::shared_ptr<const YamlTree> tree, const YamlTree::Node* node, std::string file, std::string path)
    : tree_(std::move(tree)), node_(node), file_(std::move(file)), path_(std::move(path)) {
  if (!node_ || node_->kind != Kind::Map) {
    throw ConfigError(location(node_) + (path_.empty() ? "top level" : path_) + ": expected a mapping of keys, got " +
                      describe(*tree_, node_));
  }
  used_.resize(tree_->key_count(*node_));
}

std::string Section::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

// An absent node (a key not given, an empty document) is reported at its mapping's line.
std::string Section::location(const Node* at) const {
  const Node* shown = at ? at : node_;
  return file_ + ":" + std::to_string(shown ? shown->line : 0) + ": ";
}

bool Section::has(const std::string& key) const { return !absent(lookup(key)); }

bool Section::has_mapping(const std::string& key) const {
  const Node* n = lookup(key);
  return n && n->kind == Kind::Map;
}

const YamlTree::Node* Section::lookup(const std::string& key) const {
  const std::size_t i = tree_->key_index(*node_, key);
  return i < used_.size() ? &tree_->value_at(*node_, i) : nullptr;
}

const YamlTree::Node* Section::child(const std::string& key) {
  const std::size_t i = tree_->key_index(*node_, key);
  if (i == used_.size()) return nullptr;
  used_[i] = true;
  return &tree_->value_at(*node_, i);
}

void Section::fail(const std::string& key, const std::string& expected) const {
  throw ConfigError(location(lookup(key)) + key_path(key) + ": expected " + expected);
}

void Section::fail_value(const std::string& key, const std::string& expected) const {
  const Node* n = lookup(key);
  throw ConfigError(location(n) + key_path(key) + ": expected " + expected + ", got " + describe(*tree_, n));
}

std::optional<std::string> Section::optional_string(const std::string& key, std::size_t max_bytes) {
  const Node* n = child(key);
  if (absent(n)) return std::nullopt;
  if (!is_scalar(n) || n->size == 0) fail_value(key, "a non-empty string");
  if (n->size > max_bytes) fail_value(key, "a string of at most " + std::to_string(max_bytes) + " bytes");
  return std::string(tree_->text(*n));
}

std::string Section::require_string(const std::string& key, std::size_t max_bytes) {
  auto v = optional_string(key, max_bytes);
  if (!v) fail(key, "a non-empty string (the key is required)");
  return *v;
}

std::string Section::get_string(const std::string& key, const std::string& fallback, std::size_t max_bytes) {
  return optional_string(key, max_bytes).value_or(fallback);
}

double Section::get_number(const std::string& key, double fallback, double min, double max) {
  const Node* n = child(key);
  if (absent(n)) return fallback;
  double v = 0;
  if (!decode(*tree_, n, v) || !std::isfinite(v) || v < min || v > max) {
    fail_value(key, number_range(min, max));
  }
  return v;
}

double Section::require_number(const std::string& key, double min, double max) {
  if (!has(key)) fail(key, number_range(min, max) + " (the key is required)");
  return get_number(key, 0, min, max);
}

long long Section::get_int(const std::string& key, long long fallback, long long min, long long max) {
  const Node* n = child(key);
  if (absent(n)) return fallback;
  long long v = 0;
  if (!decode(*tree_, n, v) || v < min || v > max) {
    fail_value(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

long long Section::require_int(const std::string& key, long long min, long long max) {
  if (!has(key)) {
    fail(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max) + " (the key is required)");
  }
  return get_int(key, 0, min, max);
}

bool Section::get_bool(const std::string& key, bool fallback) {
  const Node* n = child(key);
  if (absent(n)) return fallback;
  bool v = false;
  if (!decode(*tree_, n, v)) fail_value(key, "true or false");
  return v;
}

std::chrono::milliseconds Section::get_seconds(const std::string& key, double fallback_s, double min_s, double max_s) {
  const double s = get_number(key, fallback_s, min_s, max_s);
  return std::chrono::milliseconds(static_cast<long long>(std::llround(s * 1000.0)));
}

std::string Section::get_choice(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& choices) {
  const std::string v = get_string(key, fallback);
  for (const auto& c : choices) {
    if (c == v) return v;
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  fail_value(key, "one of: " + list);
}

std::vector<std::string> Section::get_string_list(const std::string& key) {
  const Node* n = child(key);
  std::vector<std::string> out;
  if (absent(n)) return out;
  if (n->kind != Kind::Sequence) fail_value(key, "a list of strings");
  for (const YamlTree::Id id : tree_->entries_of(*n)) {
    const Node& item = tree_->nodes[id];
    if (!is_scalar(&item) || item.size == 0 || item.size > kMaxStringBytes) {
      fail_value(key, "a list of non-empty strings of at most " + std::to_string(kMaxStringBytes) + " bytes");
    }
    out.emplace_back(tree_->text(item));
  }
  return out;
}

Section Section::require_section(const std::string& key) {
  auto s = optional_section(key);
  if (!s) fail(key, "a mapping (the key is required)");
  return std::move(*s);
}

std::optional<Section> Section::optional_section(const std::string& key) {
  const Node* n = child(key);
  if (absent(n)) return std::nullopt;
  if (n->kind != Kind::Map) fail_value(key, "a mapping of keys");
  return Section(tree_, n, file_, key_path(key));
}

std::vector<Section> Section::get_list(const std::string& key, bool required) {
  const Node* n = child(key);
  std::vector<Section> out;
  if (absent(n)) {
    if (required) fail(key, "a list (the key is required)");
    return out;
  }
  if (n->kind != Kind::Sequence) fail_value(key, "a list");
  if (required && n->size == 0) fail(key, "a list with at least one item");
  out.reserve(n->size);
  std::size_t i = 0;
  for (const YamlTree::Id id : tree_->entries_of(*n)) {
    const Node* item = &tree_->nodes[id];
    const std::string p = key_path(key) + "[" + std::to_string(i++) + "]";
    if (item->kind != Kind::Map) {
      throw ConfigError(location(item) + p + ": expected a mapping of keys, got " + describe(*tree_, item));
    }
    out.emplace_back(tree_, item, file_, p);
  }
  return out;
}

void Section::finish() const {
  for (std::size_t i = 0; i < used_.size(); ++i) {
    if (used_[i]) continue;
    const Node& key = tree_->key_at(*node_, i);
    const std::string k(key.kind == Kind::Scalar ? tree_->text(key) : "");
    throw ConfigError(location(&key) + key_path(shown_key(k)) + ": unknown key (misspelt, or not valid here)");
  }
}

}  // namespace sitepower
