#pragma once
// What the agent accepts as a broker URI and a topic prefix. Plain parsers with
// no backtracking: the work is linear in the input, whatever its length, and
// the command line (--broker) uses the same rules as the config.
#include <cstddef>
#include <string>
#include <string_view>

namespace sitepower {

inline constexpr const char* kBrokerUriExpected = "a URI like tcp://host:1883 or ssl://host:8883";
// A host name is at most 253 bytes; this leaves room for scheme and port.
inline constexpr std::size_t kMaxBrokerUriBytes = 300;

// scheme://host[:port], scheme one of tcp, mqtt, ssl, mqtts, ws, wss; host a
// DNS name, IPv4 address or [IPv6] address; port 1..65535.
bool is_broker_uri(std::string_view uri);
// ssl:// and mqtts:// need the tls: settings.
bool is_tls_uri(std::string_view uri);

// MQTT's limit on a topic name, in bytes.
inline constexpr std::size_t kMaxTopicBytes = 65535;
// Site and agent ids are topic levels: <prefix>/<site>/<agent>/<kind>, the
// longest kind being "inventory" (Topics in publish/topics.h).
inline constexpr std::size_t kMaxIdBytes = 64;
inline constexpr std::size_t kLongestTopicSuffix = 2 * (1 + kMaxIdBytes) + std::string_view("/inventory").size();
inline constexpr const char* kIdExpected = "an id of letters, digits, '_', '.', '-' (at most 64, no '/', '+' or '#')";

// Site, agent, device and node ids, and the parts of a meter reference:
// 1..kMaxIdBytes of [A-Za-z0-9_.-], starting with a letter or digit.
bool is_id(std::string_view text);

// Empty when `prefix` is a valid start of the agent's topics (MQTT topic rules:
// UTF-8, no NUL, no wildcard, the whole topic at most kMaxTopicBytes); else
// what was expected instead.
std::string topic_prefix_problem(std::string_view prefix);

}  // namespace sitepower
