#include "exposition.h"

#include <charconv>
#include <limits>

namespace sitepower::prometheus {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_alpha_(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One line being read, left to right.
struct Cursor {
  std::string_view rest;

  void skip_blanks() {
    while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  }
  bool take(char c) {
    if (rest.empty() || rest.front() != c) return false;
    rest.remove_prefix(1);
    return true;
  }
  // A metric name (colons allowed) or a label name (not).
  std::string_view name(bool colons) {
    std::size_t n = 0;
    const auto ok_first = [&](char c) { return is_alpha_(c) || (colons && c == ':'); };
    if (rest.empty() || !ok_first(rest.front())) return {};
    while (n < rest.size() && (ok_first(rest[n]) || is_digit(rest[n]))) ++n;
    const std::string_view out = rest.substr(0, n);
    rest.remove_prefix(n);
    return out;
  }
  // Up to the next blank or the end.
  std::string_view token() {
    std::size_t n = 0;
    while (n < rest.size() && !is_blank(rest[n])) ++n;
    const std::string_view out = rest.substr(0, n);
    rest.remove_prefix(n);
    return out;
  }
};

// What a bad line read wrong, or nothing.
using Problem = std::optional<std::string>;

bool equals_lower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// Go's strconv.ParseFloat, as the format defines values: decimal floats with
// an optional sign, and NaN / Inf / Infinity in any case with an optional sign.
std::optional<double> parse_value(std::string_view text) {
  bool negative = false;
  std::string_view body = text;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (equals_lower(body, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (equals_lower(body, "inf") || equals_lower(body, "infinity")) {
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (body.empty() || !(is_digit(body.front()) || body.front() == '.')) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v, std::chars_format::general);
  if (ec != std::errc() || end != body.data() + body.size()) return std::nullopt;
  return negative ? -v : v;
}

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// A quoted label value, the opening quote already taken; unescapes \\ \" \n.
Problem label_value(Cursor& c, std::string& out) {
  while (!c.rest.empty()) {
    const char ch = c.rest.front();
    c.rest.remove_prefix(1);
    if (ch == '"') return std::nullopt;
    if (ch != '\\') {
      out += ch;
      continue;
    }
    if (c.rest.empty()) break;
    const char e = c.rest.front();
    c.rest.remove_prefix(1);
    if (e == '\\' || e == '"') {
      out += e;
    } else if (e == 'n') {
      out += '\n';
    } else {
      return std::string("invalid escape \\") + e + " in a label value";
    }
  }
  return "label value without its closing quote";
}

Problem labels(Cursor& c, std::vector<Label>& out) {
  for (;;) {
    c.skip_blanks();
    if (c.take('}')) return std::nullopt;
    Label label;
    label.name = std::string(c.name(false));
    if (label.name.empty()) return "expected a label name or '}'";
    for (const Label& l : out) {
      if (l.name == label.name) return "label " + label.name + " given twice";
    }
    c.skip_blanks();
    if (!c.take('=')) return "expected '=' after label " + label.name;
    c.skip_blanks();
    if (!c.take('"')) return "expected '\"' to open the value of label " + label.name;
    if (Problem p = label_value(c, label.value)) return p;
    out.push_back(std::move(label));
    c.skip_blanks();
    if (c.take('}')) return std::nullopt;
    if (!c.take(',')) return "expected ',' or '}' after label " + out.back().name;
  }
}

Problem sample_line(Cursor& c, Sample& s) {
  if (c.rest.empty() || !(is_alpha_(c.rest.front()) || c.rest.front() == ':')) return "expected a metric name";
  s.metric = std::string(c.name(true));
  if (!c.rest.empty() && !is_blank(c.rest.front()) && c.rest.front() != '{') {
    return "invalid character in the metric name";
  }
  c.skip_blanks();
  if (c.take('{')) {
    if (Problem p = labels(c, s.labels)) return p;
    c.skip_blanks();
  }
  const std::string_view value = c.token();
  if (value.empty()) return "no value";
  const auto v = parse_value(value);
  if (!v) return "value '" + std::string(value.substr(0, 32)) + "' is not a number";
  s.value = *v;
  c.skip_blanks();
  if (c.rest.empty()) return std::nullopt;
  const std::string_view stamp = c.token();
  const auto t = parse_timestamp(stamp);
  if (!t) return "timestamp '" + std::string(stamp.substr(0, 32)) + "' is not an int64 of milliseconds";
  s.timestamp_ms = t;
  c.skip_blanks();
  if (!c.rest.empty()) return "text after the timestamp";
  return std::nullopt;
}

// HELP text: the rest of the line, escapes \\ and \n only.
Problem help_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') continue;
    if (i + 1 == text.size() || (text[i + 1] != '\\' && text[i + 1] != 'n')) return "invalid escape in HELP text";
    ++i;
  }
  return std::nullopt;
}

struct Reader {
  Exposition out;
  std::map<std::string, bool> helped;

  void comment(Cursor c, std::size_t line) {
    c.skip_blanks();
    const std::string_view keyword = c.token();
    if (keyword != "HELP" && keyword != "TYPE") return;  // a plain comment
    c.skip_blanks();
    const std::string metric(c.name(true));
    if (metric.empty()) return bad(line, "", std::string("expected a metric name after # ") + std::string(keyword));
    if (!c.rest.empty() && !is_blank(c.rest.front())) return bad(line, "", "invalid metric name after # " + std::string(keyword));
    c.skip_blanks();
    if (keyword == "HELP") {
      if (helped[metric]) return bad(line, metric, "second HELP for " + metric);
      helped[metric] = true;
      if (Problem p = help_text(c.rest)) return bad(line, metric, *p);
      return;
    }
    const std::string type(c.token());
    c.skip_blanks();
    if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" && type != "untyped") {
      return bad(line, metric, "unknown TYPE '" + type.substr(0, 32) + "'");
    }
    if (!c.rest.empty()) return bad(line, metric, "text after the TYPE");
    if (!out.types.emplace(metric, type).second) return bad(line, metric, "second TYPE for " + metric);
  }

  void bad(std::size_t line, std::string metric, std::string reason) {
    out.bad_lines.push_back({line, std::move(metric), std::move(reason)});
  }
};

}  // namespace

const std::string* Sample::label(std::string_view name) const {
  for (const Label& l : labels) {
    if (l.name == name) return &l.value;
  }
  return nullptr;
}

Exposition parse_exposition(std::string_view text) {
  Reader r;
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const auto end = text.find('\n');
    Cursor c{text.substr(0, end)};
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    c.skip_blanks();
    if (c.rest.empty()) continue;
    if (c.take('#')) {
      r.comment(c, line);
      continue;
    }
    Sample s;
    s.line = line;
    if (Problem p = sample_line(c, s)) {
      r.bad(line, std::move(s.metric), std::move(*p));
      continue;
    }
    r.out.samples.push_back(std::move(s));
  }
  return std::move(r.out);
}

}  // namespace sitepower::prometheus
