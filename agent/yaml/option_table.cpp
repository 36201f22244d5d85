#include "option_table.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace sitepower {
namespace {

std::string number_text(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

std::string joined(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string type_text(const Option& o) {
  switch (o.type) {
    case OptionType::String: return "string";
    case OptionType::Number: return "number";
    case OptionType::Integer: return "integer";
    case OptionType::Boolean: return "true/false";
    case OptionType::Seconds: return "seconds";
    case OptionType::Choice: return "choice";
    case OptionType::StringList: return "list of strings";
    case OptionType::Mapping: return "mapping";
    case OptionType::List: return "list of mappings";
  }
  return "";
}

std::string range_text(const Option& o) {
  switch (o.type) {
    case OptionType::Number:
    case OptionType::Integer:
    case OptionType::Seconds: return number_text(o.min) + " to " + number_text(o.max);
    case OptionType::Choice: return joined(o.choices, ", ");
    default: return "";
  }
}

std::string default_text(const Option& o) {
  if (o.required) return "required";
  return o.default_text.empty() ? "none" : o.default_text;
}

// Every row of a table and of its nested tables, keys prefixed by their parent's.
struct Row {
  std::string key, type, def, range, help;
};

void collect(const OptionTable& t, const std::string& prefix, std::vector<Row>& rows) {
  for (const Option& o : t.options()) {
    rows.push_back({prefix + o.key, type_text(o), default_text(o), range_text(o), o.help_text});
    if (o.keys) collect(*o.keys, prefix + o.key + ".", rows);
  }
}

Option make(std::string key, OptionType type) {
  Option o;
  o.key = std::move(key);
  o.type = type;
  return o;
}

}  // namespace

Option Option::string(std::string key, std::size_t max_bytes) {
  Option o = make(std::move(key), OptionType::String);
  o.max_bytes = max_bytes;
  return o;
}
Option Option::number(std::string key, double min, double max) {
  Option o = make(std::move(key), OptionType::Number);
  o.min = min;
  o.max = max;
  return o;
}
Option Option::integer(std::string key, long long min, long long max) {
  Option o = make(std::move(key), OptionType::Integer);
  o.min = static_cast<double>(min);
  o.max = static_cast<double>(max);
  return o;
}
Option Option::boolean(std::string key) { return make(std::move(key), OptionType::Boolean); }
Option Option::seconds(std::string key, double min_s, double max_s) {
  Option o = make(std::move(key), OptionType::Seconds);
  o.min = min_s;
  o.max = max_s;
  return o;
}
Option Option::choice(std::string key, std::vector<std::string> choices) {
  Option o = make(std::move(key), OptionType::Choice);
  o.choices = std::move(choices);
  return o;
}
Option Option::string_list(std::string key) { return make(std::move(key), OptionType::StringList); }
Option Option::mapping(std::string key, const OptionTable* keys) {
  Option o = make(std::move(key), OptionType::Mapping);
  o.keys = keys;
  return o;
}
Option Option::list(std::string key) { return make(std::move(key), OptionType::List); }

Option&& Option::def(double v) && {
  fixed = v;
  default_text = number_text(v);
  return std::move(*this);
}
Option&& Option::def(bool v) && {
  fixed = v;
  default_text = v ? "true" : "false";
  return std::move(*this);
}
Option&& Option::def(std::string v) && {
  default_text = v.empty() ? "empty" : v;
  fixed = std::move(v);
  return std::move(*this);
}
Option&& Option::derived(std::string rule) && {
  default_text = std::move(rule);
  return std::move(*this);
}
Option&& Option::require() && {
  required = true;
  return std::move(*this);
}
Option&& Option::help(std::string text) && {
  help_text = std::move(text);
  return std::move(*this);
}

OptionTable::OptionTable(std::string name, std::string summary, std::vector<Option> options)
    : name_(std::move(name)), summary_(std::move(summary)), options_(std::move(options)) {}

OptionValues OptionTable::read(Section& s) const {
  OptionValues v = read_keys(s);
  s.finish();
  return v;
}

OptionValues OptionTable::read_keys(Section& s) const {
  OptionValues v;
  v.section_ = &s;
  for (const Option& o : options_) {
    const std::string& k = o.key;
    const bool given = s.has(k);
    v.given_[k] = given;
    OptionValues::Value value;
    const auto fixed_number = [&] { return o.fixed ? std::get<double>(*o.fixed) : 0.0; };
    switch (o.type) {
      case OptionType::String:
        if (o.required) value = s.require_string(k, o.max_bytes);
        else if (auto str = s.optional_string(k, o.max_bytes)) value = *str;
        break;
      case OptionType::Number:
      case OptionType::Seconds:
        value = o.required ? s.require_number(k, o.min, o.max) : s.get_number(k, fixed_number(), o.min, o.max);
        break;
      case OptionType::Integer: {
        const auto min = static_cast<long long>(o.min), max = static_cast<long long>(o.max);
        value = static_cast<double>(o.required ? s.require_int(k, min, max)
                                               : s.get_int(k, static_cast<long long>(fixed_number()), min, max));
        break;
      }
      case OptionType::Boolean:
        value = s.get_bool(k, o.fixed && std::get<bool>(*o.fixed));
        break;
      case OptionType::Choice:
        if (o.required && !given) s.fail(k, "one of: " + joined(o.choices, ", ") + " (the key is required)");
        if (given) value = s.get_choice(k, "", o.choices);
        else s.optional_string(k);  // marks an empty `key:` as read, like the other types
        break;
      case OptionType::StringList:
        value = s.get_string_list(k);
        break;
      case OptionType::Mapping: {
        auto nested = o.required ? std::optional<Section>(s.require_section(k)) : s.optional_section(k);
        if (nested && o.keys) {
          v.nested_.push_back(std::make_shared<Section>(std::move(*nested)));
          value = std::make_shared<OptionValues>(o.keys->read(*v.nested_.back()));
        }
        break;
      }
      case OptionType::List:
        s.get_list(k, o.required);  // the owner reads the items (section().get_list)
        break;
    }
    if (std::holds_alternative<std::monostate>(value) && o.fixed) {
      std::visit([&value](const auto& d) { value = d; }, *o.fixed);
    }
    v.values_[k] = std::move(value);
  }
  return v;
}

std::string OptionTable::markdown() const {
  std::vector<Row> rows;
  collect(*this, "", rows);
  std::string out = "| key | type | default | range or choices | meaning |\n|---|---|---|---|---|\n";
  for (const Row& r : rows) {
    out += "| `" + r.key + "` | " + r.type + " | " + r.def + " | " + r.range + " | " + r.help + " |\n";
  }
  return out;
}

std::string OptionTable::text() const {
  std::vector<Row> rows;
  collect(*this, "", rows);
  std::size_t key_w = 3, type_w = 4, def_w = 7;
  for (const Row& r : rows) {
    key_w = std::max(key_w, r.key.size());
    type_w = std::max(type_w, r.type.size());
    def_w = std::max(def_w, r.def.size());
  }
  const auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w - std::min(w, s.size()) + 2, ' '); };
  std::string out = name_ + ": " + summary_ + "\n\n" + pad("key", key_w) + pad("type", type_w) + pad("default", def_w) +
                    "range or choices\n";
  for (const Row& r : rows) {
    out += pad(r.key, key_w) + pad(r.type, type_w) + pad(r.def, def_w) + r.range + "\n";
    out += std::string(4, ' ') + r.help + "\n";
  }
  return out;
}

bool OptionValues::has(const std::string& key) const {
  const auto it = given_.find(key);
  return it != given_.end() && it->second;
}

const OptionValues::Value& OptionValues::at(const std::string& key) const {
  const auto it = values_.find(key);
  // A key the table does not declare is a bug in the driver, not in the config.
  if (it == values_.end()) throw std::logic_error("option '" + key + "' is not declared in its table");
  return it->second;
}

std::string OptionValues::string(const std::string& key) const {
  const Value& v = at(key);
  return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
}

double OptionValues::number(const std::string& key) const {
  const Value& v = at(key);
  return std::holds_alternative<double>(v) ? std::get<double>(v) : 0.0;
}

long long OptionValues::integer(const std::string& key) const { return static_cast<long long>(number(key)); }

bool OptionValues::boolean(const std::string& key) const {
  const Value& v = at(key);
  return std::holds_alternative<bool>(v) && std::get<bool>(v);
}

std::chrono::milliseconds OptionValues::seconds(const std::string& key) const {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(number(key) * 1000.0)));
}

std::vector<std::string> OptionValues::string_list(const std::string& key) const {
  const Value& v = at(key);
  return std::holds_alternative<std::vector<std::string>>(v) ? std::get<std::vector<std::string>>(v)
                                                             : std::vector<std::string>{};
}

std::string OptionValues::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? string(key) : fallback;
}

double OptionValues::number_or(const std::string& key, double fallback) const {
  return has(key) ? number(key) : fallback;
}

long long OptionValues::integer_or(const std::string& key, long long fallback) const {
  return has(key) ? integer(key) : fallback;
}

std::chrono::milliseconds OptionValues::seconds_or(const std::string& key, double fallback_s) const {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(number_or(key, fallback_s) * 1000.0)));
}

const OptionValues* OptionValues::values(const std::string& key) const {
  const Value& v = at(key);
  return std::holds_alternative<std::shared_ptr<OptionValues>>(v) ? std::get<std::shared_ptr<OptionValues>>(v).get()
                                                                  : nullptr;
}

void OptionValues::reject(const std::string& key, const std::string& why) const {
  if (has(key)) section_->fail(key, why);
}

}  // namespace sitepower
