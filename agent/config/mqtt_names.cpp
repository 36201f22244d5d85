#include "mqtt_names.h"

#include <array>

namespace sitepower {
namespace {

constexpr std::array<std::string_view, 4> kSchemes{"tcp://", "mqtt://", "ssl://", "mqtts://"};  // no websockets: see delivery_config.cpp

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_host_name(std::string_view h) {
  if (h.empty() || h.size() > 253) return false;
  for (char c : h) {
    if (!is_alnum(c) && c != '-' && c != '.' && c != '_') return false;
  }
  return true;
}

bool is_ipv6_literal(std::string_view h) {
  if (h.size() < 4 || h.front() != '[' || h.back() != ']') return false;
  for (char c : h.substr(1, h.size() - 2)) {
    if (!is_hex(c) && c != ':' && c != '.') return false;
  }
  return true;
}

bool is_port(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  unsigned value = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value >= 1 && value <= 65535;
}

// Length of the UTF-8 sequence starting at `s`, 0 if it is not well-formed
// (overlong forms, surrogates and code points above U+10FFFF are refused).
std::size_t utf8_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
  const unsigned c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

bool is_broker_uri(std::string_view uri) {
  if (uri.size() > kMaxBrokerUriBytes) return false;
  std::string_view rest;
  for (const auto scheme : kSchemes) {
    if (uri.starts_with(scheme)) rest = uri.substr(scheme.size());
  }
  if (rest.empty()) return false;
  // The port follows the last ':' after an IPv6 literal's ']', if any.
  const std::size_t bracket = rest.rfind(']');
  const std::size_t colon = rest.rfind(':');
  const bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  const std::string_view host = has_port ? rest.substr(0, colon) : rest;
  if (has_port && !is_port(rest.substr(colon + 1))) return false;
  return is_host_name(host) || is_ipv6_literal(host);
}

bool is_id(std::string_view text) {
  if (text.empty() || text.size() > kMaxIdBytes || !is_alnum(text.front())) return false;
  for (char c : text) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool is_tls_uri(std::string_view uri) { return uri.starts_with("ssl://") || uri.starts_with("mqtts://"); }

std::string topic_prefix_problem(std::string_view prefix) {
  if (prefix.empty()) return "a non-empty topic";
  if (prefix.size() + kLongestTopicSuffix > kMaxTopicBytes) {
    return "a topic of at most " + std::to_string(kMaxTopicBytes - kLongestTopicSuffix) +
           " bytes (MQTT's limit is " + std::to_string(kMaxTopicBytes) + " with the agent's longest suffix)";
  }
  if (prefix.back() == '/') return "a topic without a trailing '/'";
  for (std::size_t i = 0; i < prefix.size();) {
    const char c = prefix[i];
    if (c == '+' || c == '#') return "a topic without the MQTT wildcards '+' and '#'";
    if (c == '\0') return "a topic without a NUL character";
    const std::size_t n = utf8_length(prefix.substr(i));
    if (n == 0) return "a topic in valid UTF-8";
    i += n;
  }
  return "";
}

}  // namespace sitepower
