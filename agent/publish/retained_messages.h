#pragma once
#include <map>
#include <memory>
#include <string>

namespace mqtt {
class async_client;
class message;
}  // namespace mqtt

namespace sitepower {

// Retained state (status, inventory) bypasses the outbox: only the latest
// payload per topic matters, and it is published again on every connection.
class RetainedMessages {
 public:
  void set(const std::string& topic, std::string payload) { latest_[topic] = std::move(payload); }
  // `topic`'s latest payload as a retained QoS 1 message (empty if never set).
  std::shared_ptr<const mqtt::message> message(const std::string& topic) const;
  // Publishes `topic`'s latest payload, or every topic's; a failure is
  // logged, and the next connection sends it again.
  void publish(mqtt::async_client& client, const std::string& topic) const;
  void publish_all(mqtt::async_client& client) const;

 private:
  std::map<std::string, std::string> latest_;
};

}  // namespace sitepower
