#include "publisher_settings.h"

#include <mqtt/connect_options.h>

namespace sitepower {

mqtt::connect_options make_connect_options(const PublisherSettings& s) {
  mqtt::connect_options opts;
  if (s.protocol == 5) {
    opts.set_mqtt_version(MQTTVERSION_5);
    opts.set_clean_start(true);
  } else {
    opts.set_mqtt_version(MQTTVERSION_3_1_1);
    opts.set_clean_session(true);
  }
  opts.set_keep_alive_interval(s.keepalive_s);
  opts.set_connect_timeout(kConnectTimeoutS);
  // Reconnects and the walk through the broker list are the publisher's own
  // (Paho's automatic reconnect does not reliably come back to the primary).
  opts.set_automatic_reconnect(false);
  return opts;
}

}  // namespace sitepower
