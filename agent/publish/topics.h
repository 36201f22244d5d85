#pragma once
#include <string>

#include "site_config.h"

namespace sitepower {

// The agent's MQTT topics: <prefix>/<site>/<agent>/<kind>.
struct Topics {
  Topics(const SiteConfig& c)
      : base(c.mqtt.topic_prefix + "/" + c.site_id + "/" + c.agent_id),
        telemetry(base + "/telemetry"),
        status(base + "/status"),
        inventory(base + "/inventory"),
        alarm(base + "/alarm"),
        alarms_active(base + "/alarms/active"),
        settlement(base + "/settlement") {}
  std::string base, telemetry, status, inventory, alarm, alarms_active, settlement;
};

}  // namespace sitepower
