#pragma once
#include <functional>
#include <string>
#include <vector>

#include "delivery_config.h"

namespace mqtt {
class connect_options;
}  // namespace mqtt

namespace sitepower {

struct PublisherSettings {
  std::vector<std::string> brokers;  // tried in order; the list goes round on failure
  std::string client_id;
  int keepalive_s = 30;
  int protocol = 5;  // 5: MQTT v5, 4: MQTT v3.1.1
  TlsConfig tls;
  std::string username;
  std::string password;  // never logged
  std::string status_topic;
  // The last will (an OFFLINE status payload, retained on status_topic),
  // built anew for each connection attempt.
  std::function<std::string()> last_will;
  std::size_t max_in_flight = 32;
  double backlog_share = 0.5;  // of max_in_flight, for messages older than the connection
};

// Connect options for every broker of the list: the same TLS and credentials
// everywhere, so a failover changes nothing a consumer sees. Automatic
// reconnect is off: the publisher chooses the next broker itself. TLS and
// credentials are set in place on the kept options (set_broker_access): see
// MqttPublisher's constructor; the last will is set before each connect
// (MqttPublisher::connect).
mqtt::connect_options make_connect_options(const PublisherSettings& s);

constexpr int kConnectTimeoutS = 5;  // for the CONNACK, from the start of the attempt

}  // namespace sitepower
