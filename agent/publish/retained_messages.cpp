#include "retained_messages.h"

#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

namespace sitepower {

std::shared_ptr<const mqtt::message> RetainedMessages::message(const std::string& topic) const {
  const auto it = latest_.find(topic);
  return mqtt::make_message(topic, it == latest_.end() ? std::string() : it->second, 1, true);
}

void RetainedMessages::publish(mqtt::async_client& client, const std::string& topic) const {
  try {
    client.publish(message(topic));
  } catch (const mqtt::exception& e) {
    spdlog::warn("mqtt: retained publish to {} failed: {}", topic, e.what());
  }
}

void RetainedMessages::publish_all(mqtt::async_client& client) const {
  for (const auto& entry : latest_) publish(client, entry.first);
}

}  // namespace sitepower
