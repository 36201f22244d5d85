#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connect_diagnosis.h"
#include "outbox.h"
#include "publish_failure_log.h"
#include "publisher_settings.h"
#include "retained_messages.h"
#include "send_window.h"

namespace mqtt {
class async_client;
class connect_options;
}  // namespace mqtt

namespace sitepower {

// Drains the outbox into the broker with QoS 1 and removes each message only
// on its PUBACK. Paho's own offline buffer is not used (it loses messages on
// reconnect and has a small cap): while disconnected nothing is handed to Paho
// and the outbox holds everything. After a reconnect every unacknowledged
// message is sent again, so a consumer may see duplicates (Origin identifies
// them) but never a gap.
//
// Retained state (status, inventory) bypasses the outbox: RetainedMessages.
//
// Backlog and live, the in-flight window: SendWindow.
//
// Failover: one Paho client per broker of the list. A failed connect moves to
// the next broker; a lost connection starts again at the first (the primary),
// so the agent comes back to it as soon as the broker it moved to fails or
// drops it. Every connection carries a last will built for it and gets the
// retained status and every unacknowledged message again.
//
// Errors are logged once per change of state: a connect failure once per
// distinct reason (ConnectDiagnosis, which also probes for the cause), a
// refused or unacknowledged publish once per distinct reason until a publish
// is accepted again (PublishFailureLog).
//
// Paho calls back on its own threads; every callback is posted onto the
// agent's executor, so all state here is touched by one thread. Callbacks of
// a client that is no longer the current one, and PUBACKs of a connection
// that is gone, are recognised and ignored.
class MqttPublisher {
 public:
  MqttPublisher(boost::asio::any_io_executor executor, PublisherSettings settings, Outbox& outbox);
  ~MqttPublisher();

  void start();
  // New messages are in the outbox: send what the in-flight window allows.
  void kick();
  // Publish retained state now and after every reconnect.
  void set_retained(const std::string& topic, std::string payload);
  // Wait up to `grace` for in-flight acks, then publish `final_status()`
  // retained — built after the flush, so it reports what is really left in
  // the outbox — disconnect cleanly, and call `done`.
  void shutdown(std::chrono::milliseconds grace, std::function<std::string()> final_status,
                std::function<void()> done);

  // Leaves for good, now (a reload changed the brokers or the identity):
  // publishes `final_status()` retained if connected and disconnects cleanly.
  // What is in flight stays in the outbox for the next publisher.
  void retire(std::function<std::string()> final_status);

  bool connected() const { return connected_; }
  std::chrono::system_clock::time_point last_ack() const { return last_ack_; }
  std::uint64_t acked() const { return acked_; }
  const std::string& broker() const { return settings_.brokers[current_]; }  // connected to, or trying
  // Called on the executor after each (re)connect, before the backlog is resent.
  void on_connected(std::function<void()> f) { on_connected_ = std::move(f); }

 private:
  class Callbacks;  // publisher_callbacks.h
  mqtt::async_client& client() { return *clients_[current_]; }
  void connect(std::size_t index);
  void retry(std::size_t index);
  void handle_connected(std::size_t index);
  void handle_lost(std::size_t index, const std::string& cause);
  void handle_connect_failed(std::size_t index, int return_code, int reason_code);
  void handle_result(std::uint64_t send, bool ok, int reason_code);
  void finish_shutdown();

  boost::asio::any_io_executor executor_;
  PublisherSettings settings_;
  Outbox& outbox_;
  std::shared_ptr<bool> alive_;
  std::unique_ptr<mqtt::connect_options> options_;
  std::vector<std::unique_ptr<Callbacks>> callbacks_;  // one per broker, before the clients that use them
  std::vector<std::unique_ptr<mqtt::async_client>> clients_;
  std::size_t current_ = 0;
  unsigned failures_in_a_row_ = 0;
  boost::asio::steady_timer retry_timer_;
  bool connected_ = false;
  std::chrono::steady_clock::time_point connect_started_{};
  ConnectDiagnosis diagnosis_;
  SendWindow window_;
  PublishFailureLog publish_failures_;
  RetainedMessages retained_;
  std::chrono::system_clock::time_point last_ack_{};
  std::uint64_t acked_ = 0;
  std::function<void()> on_connected_;
  std::function<std::string()> final_status_;
  std::function<void()> shutdown_done_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
};

}  // namespace sitepower
