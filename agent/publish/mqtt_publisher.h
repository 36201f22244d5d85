#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "outbox.h"

namespace mqtt {
class async_client;
class token;
}  // namespace mqtt

namespace sitepower {

struct PublisherSettings {
  std::string broker;
  std::string client_id;
  int keepalive_s = 30;
  std::string status_topic;
  std::string offline_status;  // last will: an OFFLINE status payload, retained
  std::size_t max_in_flight = 32;
};

// Drains the outbox into the broker with QoS 1 and removes each message only
// on its PUBACK. Paho's own offline buffer is not used (it loses messages on
// reconnect and has a small cap): while disconnected nothing is handed to Paho
// and the outbox holds everything. After a reconnect every unacknowledged
// message is sent again, so a consumer may see duplicates (Origin identifies
// them) but never a gap.
//
// Retained state (status, inventory) bypasses the outbox: only the latest
// value matters and it is re-sent after every reconnect.
//
// Paho calls back on its own threads; every callback is posted onto the
// agent's executor, so all state here is touched by one thread.
class MqttPublisher {
 public:
  MqttPublisher(boost::asio::any_io_executor executor, PublisherSettings settings, Outbox& outbox);
  ~MqttPublisher();

  void start();
  // New messages are in the outbox: send what the in-flight window allows.
  void kick();
  // Publish retained state now and after every reconnect.
  void set_retained(const std::string& topic, std::string payload);
  // Wait up to `grace` for in-flight acks, publish `final_status` retained,
  // disconnect cleanly; then call `done`.
  void shutdown(std::chrono::milliseconds grace, std::string final_status, std::function<void()> done);

  bool connected() const { return connected_; }
  std::chrono::system_clock::time_point last_ack() const { return last_ack_; }
  std::uint64_t acked() const { return acked_; }
  // Called on the executor after each (re)connect, before the backlog is resent.
  void on_connected(std::function<void()> f) { on_connected_ = std::move(f); }

 private:
  class Callbacks;
  void handle_connected();
  void handle_lost(const std::string& cause);
  void handle_result(const mqtt::token* tok, bool ok, const std::string& error);
  void send_retained();
  void finish_shutdown();

  boost::asio::any_io_executor executor_;
  PublisherSettings settings_;
  Outbox& outbox_;
  std::unique_ptr<mqtt::async_client> client_;
  std::unique_ptr<Callbacks> callbacks_;
  std::shared_ptr<bool> alive_;
  bool connected_ = false;
  std::uint64_t cursor_ = 0;  // highest outbox id handed to Paho on this connection
  struct InFlight {
    std::uint64_t id;
    std::shared_ptr<mqtt::token> token;
  };
  std::map<const mqtt::token*, InFlight> in_flight_;
  std::map<std::string, std::string> retained_;
  std::chrono::system_clock::time_point last_ack_{};
  std::uint64_t acked_ = 0;
  std::function<void()> on_connected_;
  std::function<void()> shutdown_done_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
};

}  // namespace sitepower
