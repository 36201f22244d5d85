#include "reply.h"

#include <rapidjson/error/en.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace sitepower::miner {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool ends_value(char c) { return c == ',' || c == '}' || c == ']'; }

bool is_number(std::string_view t) {
  if (t.empty()) return false;
  char* end = nullptr;
  const std::string s(t);
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && (std::isdigit(static_cast<unsigned char>(t.front())) || t.front() == '-');
}

// A bare value starting at raw[i] (after a ':' or in an array): the token up
// to the next ',', '}' or ']', copied as is when it is a JSON literal or
// number, quoted otherwise. Returns the index after the token.
std::size_t bare_value(std::string_view raw, std::size_t i, std::string& out) {
  std::size_t end = i;
  while (end < raw.size() && !ends_value(raw[end]) && raw[end] != '"' && raw[end] != '{' && raw[end] != '[') ++end;
  std::size_t last = end;
  while (last > i && is_space(raw[last - 1])) --last;
  const std::string_view token = raw.substr(i, last - i);
  if (token.empty()) return end;
  if (token == "true" || token == "false" || token == "null" || is_number(token)) {
    out.append(token);
  } else {
    out.push_back('"');
    for (char c : token) {
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20) continue;  // nothing to escape in a bare word
      out.push_back(c);
    }
    out.push_back('"');
  }
  return end;
}

}  // namespace

std::string preclean(std::string_view raw) {
  if (const auto nul = raw.find('\0'); nul != std::string_view::npos) raw = raw.substr(0, nul);
  std::string out;
  out.reserve(raw.size() + 16);
  std::string open;  // the containers we are in, '{' or '[' (outside strings)
  bool in_string = false;
  char prev = 0;  // the last character written that is not white space (kept, not searched: linear in the reply)
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < raw.size()) {
        out.push_back(raw[i + 1]);
        i += 2;
        continue;
      }
      if (c == '"') {
        in_string = false;
        prev = '"';
      }
      ++i;
      continue;
    }
    const bool value_position = prev == ':' || (!open.empty() && open.back() == '[' && (prev == '[' || prev == ','));
    if (c == '"') {
      in_string = true;
    } else if (c == '{' && prev == '}') {
      out.push_back(',');  // bmminer's `}{` between sections
    } else if (c == ',' && prev == ':') {
      out.append("null");  // a key without a value: `"Power":,`
      prev = 'l';
    } else if (c == ',' && (prev == ',' || prev == '[' || prev == '{')) {
      ++i;  // a stray comma
      continue;
    } else if (value_position && !is_space(c) && !ends_value(c) && c != '{' && c != '[') {
      const std::size_t before = out.size();
      i = bare_value(raw, i, out);  // a literal, a number or a bare word
      if (out.size() > before) prev = out.back();
      continue;
    }
    if (c == '{' || c == '[') open.push_back(c);
    if ((c == '}' || c == ']') && !open.empty()) open.pop_back();
    out.push_back(c);
    if (!is_space(c)) prev = c;
    ++i;
  }
  return out;
}

Reply parse_reply(std::string_view raw) {
  Reply r;
  const std::string text = preclean(raw);
  constexpr unsigned kFlags = rapidjson::kParseTrailingCommasFlag | rapidjson::kParseNanAndInfFlag |
                              rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag;
  r.doc.Parse<kFlags>(text.data(), text.size());
  if (r.doc.HasParseError()) {
    r.error = std::string("invalid JSON at byte ") + std::to_string(r.doc.GetErrorOffset()) + ": " +
              rapidjson::GetParseError_En(r.doc.GetParseError());
    return r;
  }
  if (!r.doc.IsObject()) {
    r.error = "not a JSON object";
    return r;
  }
  // Looked up through a const reference: const iterators on both sides of
  // `==` (clang warns that rapidjson's mixed const/non-const `==` is ambiguous in C++20).
  const rapidjson::Value& root = r.doc;
  const auto status = root.FindMember("STATUS");
  if (status == root.MemberEnd()) {
    r.error = "no STATUS in the reply";
    return r;
  }
  const rapidjson::Value* s = &status->value;
  if (s->IsArray() && !s->Empty()) s = &(*s)[0];
  const rapidjson::Value* letter = s;
  if (s->IsObject()) {
    if (const auto m = s->FindMember("Msg"); m != s->MemberEnd() && m->value.IsString()) r.message = m->value.GetString();
    const auto l = s->FindMember("STATUS");
    letter = l == s->MemberEnd() ? nullptr : &l->value;
  } else if (const auto m = root.FindMember("Msg"); m != root.MemberEnd() && m->value.IsString()) {
    r.message = m->value.GetString();  // btminer's newer API: STATUS and Msg at the top
  }
  if (letter && letter->IsString() && letter->GetStringLength() > 0) r.status = letter->GetString()[0];
  if (r.status == 'E' || r.status == 'F') {
    r.error = std::string("STATUS ") + r.status + (r.message.empty() ? "" : ": " + r.message.substr(0, 120));
  } else if (r.status == 0) {
    r.error = "no STATUS letter in the reply";
  }
  return r;
}

std::optional<double> number_at(const rapidjson::Value& root, std::string_view path) {
  const rapidjson::Value* v = &root;
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (v->IsArray()) {
      std::size_t index = 0;
      const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
      if (ec != std::errc{} || p != part.data() + part.size() || index >= v->Size()) return std::nullopt;
      v = &(*v)[static_cast<rapidjson::SizeType>(index)];
    } else if (v->IsObject()) {
      const auto m = v->FindMember(rapidjson::Value(rapidjson::StringRef(part.data(), part.size())));
      if (m == v->MemberEnd()) return std::nullopt;
      v = &m->value;
    } else {
      return std::nullopt;
    }
  }
  double out = 0;
  if (v->IsNumber()) {
    out = v->GetDouble();
  } else if (v->IsString()) {
    const std::string s(v->GetString(), v->GetStringLength());
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  } else if (v->IsBool()) {
    out = v->GetBool() ? 1 : 0;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(out)) return std::nullopt;
  return out;
}

}  // namespace sitepower::miner
