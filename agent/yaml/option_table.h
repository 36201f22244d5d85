#pragma once
// A config section's keys declared once, as data: the table parses and
// validates a Section (errors stay file:line:key) and renders the same keys as
// documentation (`sitepower-agent --describe`, the README tables).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "section.h"

namespace sitepower {

enum class OptionType { String, Number, Integer, Boolean, Seconds, Choice, StringList, Mapping, List };

class OptionTable;

// One key. Built with the named makers and chained setters, e.g.
//   Option::number("max_mb", 0.01, 1e6).def(64).help("megabytes held")
struct Option {
  std::string key;
  OptionType type = OptionType::String;
  double min = 0, max = 0;            // Number, Integer, Seconds
  std::size_t max_bytes = kMaxStringBytes;  // String
  std::vector<std::string> choices;   // Choice
  const OptionTable* keys = nullptr;  // Mapping: its own keys, read with it
  bool required = false;
  std::optional<std::variant<double, bool, std::string>> fixed;  // the default when the key is absent
  std::string default_text;  // as the documentation shows it; also a derived default's rule
  std::string help_text;

  static Option string(std::string key, std::size_t max_bytes = kMaxStringBytes);
  static Option number(std::string key, double min, double max);
  static Option integer(std::string key, long long min, long long max);
  static Option boolean(std::string key);
  static Option seconds(std::string key, double min_s, double max_s);
  static Option choice(std::string key, std::vector<std::string> choices);
  static Option string_list(std::string key);
  static Option mapping(std::string key, const OptionTable* keys = nullptr);
  static Option list(std::string key);

  Option&& def(double v) &&;
  Option&& def(bool v) &&;
  Option&& def(std::string v) &&;
  Option&& def(const char* v) && { return std::move(*this).def(std::string(v)); }
  // A default computed from other keys or the context ("0.8 × interval_s"):
  // the parser reads it with number_or()/seconds_or()/string_or().
  Option&& derived(std::string rule) &&;
  Option&& require() &&;
  Option&& help(std::string text) &&;
};

class OptionValues;

class OptionTable {
 public:
  OptionTable(std::string name, std::string summary, std::vector<Option> options);

  const std::string& name() const { return name_; }
  const std::string& summary() const { return summary_; }
  const std::vector<Option>& options() const { return options_; }

  // Reads every declared key of `s` (in table order), then rejects keys none
  // declares (Section::finish). `s` must outlive the values.
  OptionValues read(Section& s) const;
  // The same without finish(), for a mapping two tables share (a device's
  // core keys and its driver's keys): the caller calls s.finish().
  OptionValues read_keys(Section& s) const;

  // Documentation: a markdown table, or aligned plain text for a terminal.
  // Keys of a Mapping with its own table follow as `parent.key`.
  std::string markdown() const;
  std::string text() const;

 private:
  std::string name_;
  std::string summary_;
  std::vector<Option> options_;
};

// The values one table read: each key's value, or its fixed default when absent.
class OptionValues {
 public:
  bool has(const std::string& key) const;  // given in the file (not a default)
  std::string string(const std::string& key) const;
  double number(const std::string& key) const;
  long long integer(const std::string& key) const;
  bool boolean(const std::string& key) const;
  std::chrono::milliseconds seconds(const std::string& key) const;
  std::string choice(const std::string& key) const { return string(key); }
  std::vector<std::string> string_list(const std::string& key) const;
  // Derived defaults: the value when given, else `fallback`.
  std::string string_or(const std::string& key, const std::string& fallback) const;
  double number_or(const std::string& key, double fallback) const;
  long long integer_or(const std::string& key, long long fallback) const;
  std::chrono::milliseconds seconds_or(const std::string& key, double fallback_s) const;
  // A Mapping with its own table: its values (nullptr when absent).
  const OptionValues* values(const std::string& key) const;
  // A Mapping or List read by its owner (e.g. modbus `points:`): the section
  // holding it, for its own Section accessors.
  Section& section() const { return *section_; }

  // Cross-key checks, with the same file:line:key text as the table's own.
  [[noreturn]] void fail(const std::string& key, const std::string& expected) const { section_->fail(key, expected); }
  [[noreturn]] void fail_value(const std::string& key, const std::string& expected) const {
    section_->fail_value(key, expected);
  }
  // Fails when `key` is given: it does not apply here (e.g. `baud` on a TCP line).
  void reject(const std::string& key, const std::string& why) const;

 private:
  friend class OptionTable;
  using Value = std::variant<std::monostate, double, bool, std::string, std::vector<std::string>,
                             std::shared_ptr<OptionValues>>;
  const Value& at(const std::string& key) const;

  Section* section_ = nullptr;
  std::map<std::string, Value> values_;
  std::map<std::string, bool> given_;
  std::vector<std::shared_ptr<Section>> nested_;  // sections of nested values, kept alive
};

}  // namespace sitepower
