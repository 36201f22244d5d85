#pragma once
#include <mqtt/async_client.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace sitepower::test {

struct Received {
  std::string topic;
  std::string payload;
  bool retained = false;
};

// A real MQTT subscriber that records every message; tests wait on the
// condition they need instead of sleeping.
class Subscriber : public virtual mqtt::callback {
 public:
  // persistent: a fixed client id, a session the broker keeps while we are
  // away (with `persistence true`, across broker restarts), and reconnects.
  Subscriber(const std::string& uri, const std::string& filter, bool persistent = false);
  ~Subscriber() override;
  // Waits until `pred(messages)` holds; false on timeout.
  bool wait_until(const std::function<bool(const std::vector<Received>&)>& pred, std::chrono::milliseconds timeout);
  std::vector<Received> messages();
  std::vector<Received> on_topic_suffix(const std::string& suffix);

 private:
  void message_arrived(mqtt::const_message_ptr msg) override;
  mqtt::async_client client_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Received> messages_;
};

}  // namespace sitepower::test
