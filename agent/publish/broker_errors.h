#pragma once
// An operator-facing reason for a refused connection or publish: what the
// broker said and which config key to look at.
#include <string>

#include "publisher_settings.h"

namespace sitepower {

std::string explain_connect_failure(int return_code, int reason_code, const PublisherSettings& s);
std::string explain_publish_failure(int reason_code);
// A connect that timed out: whether the broker took the TCP connection tells
// "not an MQTT broker, or a stuck one" from "unreachable".
std::string explain_connect_timeout(bool tcp_accepted, int timeout_s, bool tls);

}  // namespace sitepower
