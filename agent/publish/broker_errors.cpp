#include "broker_errors.h"

#include <fmt/format.h>

namespace sitepower {

std::string explain_connect_failure(int return_code, int reason_code, const PublisherSettings& s) {
  // MQTT 3.1.1 CONNACK return codes and their MQTT 5 reason-code twins
  // (Paho reports an MQTT 5 refusal as the return code or the reason code).
  if (return_code >= 0x80 && reason_code == 0) reason_code = return_code;
  if (return_code == 4 || reason_code == 0x86) {
    return fmt::format("the broker refused user '{}' with this password (check mqtt.username and mqtt.password_file)",
                       s.username);
  }
  if (return_code == 5 || reason_code == 0x87 || reason_code == 0x8C) {
    return fmt::format("the broker says not authorized for user '{}' (check mqtt.username and mqtt.password_file, "
                       "the client certificate, and the broker's ACL for the will topic)", s.username);
  }
  if (return_code == 2 || reason_code == 0x85) return "the broker rejected client id '" + s.client_id + "' (mqtt.client_id)";
  if (return_code == 1 || reason_code == 0x84) return "the broker does not speak this protocol (try mqtt.protocol)";
  return fmt::format("code {}{}: broker unreachable, or it closed the connection{}", return_code,
                     reason_code ? fmt::format(", reason 0x{:02x}", reason_code) : "",
                     s.tls.enabled ? " (a TLS failure is explained in the next error)" : "");
}

std::string explain_publish_failure(int reason_code) {
  if (reason_code == 0x87) return "not authorized (0x87): the broker's ACL does not let this user publish on the topic";
  if (reason_code == 0x90) return "topic name invalid (0x90)";
  if (reason_code == 0x97) return "quota exceeded (0x97)";
  // MQTT 5 refusal codes run 0x80..0xa2; Paho fails a publish still waiting
  // when the connection drops with code -3 or -1 and reason 0xff (none).
  if (reason_code >= 0x80 && reason_code < 0xff) return fmt::format("refused by the broker, reason 0x{:02x}", reason_code);
  return "no acknowledgement before the connection dropped";
}

std::string explain_connect_timeout(bool tcp_accepted, int timeout_s, bool tls) {
  if (tcp_accepted) {
    return fmt::format("the broker accepted the connection and sent no CONNACK within {} s{} (not an MQTT broker on "
                       "that port, or one too busy to answer)", timeout_s, tls ? " (nor finished the TLS handshake)" : "");
  }
  return fmt::format("no connection within {} s: broker unreachable", timeout_s);
}

}  // namespace sitepower
