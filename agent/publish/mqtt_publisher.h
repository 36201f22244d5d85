#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "broker_session.h"
#include "outbox.h"

namespace mqtt {
class async_client;
class token;
}  // namespace mqtt

namespace sitepower {

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
// Backlog and live: messages already in the outbox when a connection is made
// are the backlog, replayed oldest first but with at most backlog_share of the
// in-flight window, so the cycles made now keep flowing during a long replay.
//
// Failover: with several brokers Paho walks the list on a failed (re)connect;
// each connection carries the same last will and gets the retained status and
// every unacknowledged message again.
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
  const std::string& broker() const { return broker_; }  // the one connected to, or last tried
  // Called on the executor after each (re)connect, before the backlog is resent.
  void on_connected(std::function<void()> f) { on_connected_ = std::move(f); }

 private:
  class Callbacks;
  void handle_connected();
  void handle_lost(const std::string& cause);
  void handle_connect_failed(int return_code, int reason_code);
  void handle_result(const mqtt::token* tok, bool ok, int return_code, int reason_code);
  void send(std::size_t max, std::uint64_t& cursor, std::uint64_t last, bool backlog);
  void send_retained();
  void finish_shutdown();

  boost::asio::any_io_executor executor_;
  PublisherSettings settings_;
  Outbox& outbox_;
  std::unique_ptr<mqtt::async_client> client_;
  std::unique_ptr<Callbacks> callbacks_;
  std::shared_ptr<bool> alive_;
  bool connected_ = false;
  std::string broker_;
  std::string tls_error_;      // last handshake error, cleared on connect
  std::string last_failure_;   // logged once per distinct failure
  std::uint64_t backlog_end_ = 0;     // ids up to this were in the outbox at connect
  std::uint64_t backlog_cursor_ = 0;  // highest backlog id handed to Paho on this connection
  std::uint64_t live_cursor_ = 0;     // highest live id handed to Paho on this connection
  std::size_t backlog_in_flight_ = 0;
  struct InFlight {
    std::uint64_t id;
    std::shared_ptr<mqtt::token> token;
    bool backlog;
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
