#include "section.h"

#include <cmath>
#include <sstream>
#include <utility>

namespace sitepower {
namespace {

std::string describe(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "nothing";
  if (n.IsScalar()) return quoted(n.Scalar());
  if (n.IsSequence()) return "a list";
  return "a mapping";
}

std::string range_text(double min, double max) {
  std::ostringstream o;
  o << "a number from " << min << " to " << max;
  return o.str();
}

// Long enough to recognise a value, short enough that a huge one cannot flood the log.
constexpr std::size_t kQuotedBytes = 80;

}  // namespace

std::string quoted(const std::string& text) {
  if (text.size() <= kQuotedBytes) return "'" + text + "'";
  return "'" + text.substr(0, kQuotedBytes) + "...' (" + std::to_string(text.size()) + " bytes)";
}

std::string shown_key(const std::string& key) { return key.size() <= kQuotedBytes ? key : quoted(key); }

Section::Section(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {
  if (!node_.IsMap()) {
    throw ConfigError(location(node_) + (path_.empty() ? "top level" : path_) + ": expected a mapping of keys, got " +
                      describe(node_));
  }
}

std::string Section::key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

std::string Section::location(const YAML::Node& at) const {
  const YAML::Mark m = at.Mark();
  const int line = m.line >= 0 ? m.line + 1 : node_.Mark().line + 1;
  return file_ + ":" + std::to_string(line) + ": ";
}

bool Section::has(const std::string& key) const {
  const YAML::Node n = node_[key];
  return n.IsDefined() && !n.IsNull();
}

YAML::Node Section::child(const std::string& key) {
  used_.insert(key);
  // Const lookup: yaml-cpp's non-const operator[] adds a node to the whole
  // document's memory for every absent key, which makes large files superlinear.
  return std::as_const(node_)[key];
}

void Section::fail(const std::string& key, const std::string& expected) const {
  const YAML::Node n = node_[key];
  throw ConfigError(location(n.IsDefined() ? n : node_) + key_path(key) + ": expected " + expected);
}

void Section::fail_value(const std::string& key, const std::string& expected) const {
  const YAML::Node n = node_[key];
  throw ConfigError(location(n.IsDefined() ? n : node_) + key_path(key) + ": expected " + expected + ", got " +
                    describe(n));
}

std::optional<std::string> Section::optional_string(const std::string& key, std::size_t max_bytes) {
  const YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsScalar() || n.Scalar().empty()) fail_value(key, "a non-empty string");
  if (n.Scalar().size() > max_bytes) fail_value(key, "a string of at most " + std::to_string(max_bytes) + " bytes");
  return n.Scalar();
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
  const YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v) || v < min || v > max) {
    fail_value(key, range_text(min, max));
  }
  return v;
}

double Section::require_number(const std::string& key, double min, double max) {
  if (!has(key)) fail(key, range_text(min, max) + " (the key is required)");
  return get_number(key, 0, min, max);
}

long long Section::get_int(const std::string& key, long long fallback, long long min, long long max) {
  const YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  long long v = 0;
  if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v) || v < min || v > max) {
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
  const YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return fallback;
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail_value(key, "true or false");
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
  const YAML::Node n = child(key);
  std::vector<std::string> out;
  if (!n.IsDefined() || n.IsNull()) return out;
  if (!n.IsSequence()) fail_value(key, "a list of strings");
  for (const auto& item : n) {
    if (!item.IsScalar() || item.Scalar().empty() || item.Scalar().size() > kMaxStringBytes) {
      fail_value(key, "a list of non-empty strings of at most " + std::to_string(kMaxStringBytes) + " bytes");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

Section Section::require_section(const std::string& key) {
  auto s = optional_section(key);
  if (!s) fail(key, "a mapping (the key is required)");
  return std::move(*s);
}

std::optional<Section> Section::optional_section(const std::string& key) {
  const YAML::Node n = child(key);
  if (!n.IsDefined() || n.IsNull()) return std::nullopt;
  if (!n.IsMap()) fail_value(key, "a mapping of keys");
  return Section(n, file_, key_path(key));
}

std::vector<Section> Section::get_list(const std::string& key, bool required) {
  const YAML::Node n = child(key);
  std::vector<Section> out;
  if (!n.IsDefined() || n.IsNull()) {
    if (required) fail(key, "a list (the key is required)");
    return out;
  }
  if (!n.IsSequence()) fail_value(key, "a list");
  if (required && n.size() == 0) fail(key, "a list with at least one item");
  std::size_t i = 0;
  for (const auto& item : n) {
    const std::string p = key_path(key) + "[" + std::to_string(i++) + "]";
    if (!item.IsMap()) throw ConfigError(location(item) + p + ": expected a mapping of keys, got " + describe(item));
    out.emplace_back(item, file_, p);
  }
  return out;
}

void Section::finish() const {
  for (const auto& kv : node_) {
    const std::string k = kv.first.Scalar();
    if (!used_.count(k)) {
      throw ConfigError(location(kv.first) + key_path(shown_key(k)) + ": unknown key (misspelt, or not valid here)");
    }
  }
}

}  // namespace sitepower
