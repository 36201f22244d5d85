#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "publisher_settings.h"
#include "outbox.h"

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
// Retained state (status, inventory) bypasses the outbox: only the latest
// value matters and it is re-sent after every reconnect.
//
// Backlog and live: messages already in the outbox when a connection is made
// are the backlog, replayed oldest first but with at most backlog_share of the
// in-flight window, so the cycles made now keep flowing during a long replay.
//
// Failover: one Paho client per broker of the list. A failed connect moves to
// the next broker; a lost connection starts again at the first (the primary),
// so the agent comes back to it as soon as the broker it moved to fails or
// drops it. Every connection carries a last will built for it and gets the
// retained status and every unacknowledged message again.
//
// Errors are logged once per change of state: a connect failure once per
// distinct reason, a refused or unacknowledged publish once per distinct
// reason until a publish is accepted again (then one line with the count).
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
  class Callbacks;
  mqtt::async_client& client() { return *clients_[current_]; }
  void connect(std::size_t index);
  void retry(std::size_t index);
  void handle_connected(std::size_t index);
  void handle_lost(std::size_t index, const std::string& cause);
  void handle_connect_failed(std::size_t index, int return_code, int reason_code);
  void probe_tls();
  void probe_tcp();
  void report_connect_failure(const std::string& why);
  void report_publish_failure(std::uint64_t id, const std::string& why);
  void handle_result(std::uint64_t send, bool ok, int reason_code);
  void send(std::size_t max, std::uint64_t& cursor, std::uint64_t last, bool backlog);
  void send_retained();
  void finish_shutdown();
  std::function<std::string()> final_status_;

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
  std::string last_failure_;  // logged loudly once per distinct failure
  std::string last_tls_failure_;  // the same for what tls_probe() found
  bool probing_ = false;
  bool probing_tcp_ = false;
  std::chrono::steady_clock::time_point connect_started_{};
  std::string last_publish_failure_;  // logged once until a publish is accepted again
  std::uint64_t publish_failures_ = 0;  // since the last accepted publish
  std::uint64_t backlog_end_ = 0;     // ids up to this were in the outbox at connect
  std::uint64_t backlog_cursor_ = 0;  // highest backlog id handed to Paho on this connection
  std::uint64_t live_cursor_ = 0;     // highest live id handed to Paho on this connection
  std::size_t backlog_in_flight_ = 0;
  std::uint64_t next_send_ = 1;  // numbers each publish; never reused, so a stale PUBACK cannot match
  struct InFlight {
    std::uint64_t id;
    bool backlog;
  };
  std::map<std::uint64_t, InFlight> in_flight_;  // by send number
  std::map<std::string, std::string> retained_;
  std::chrono::system_clock::time_point last_ack_{};
  std::uint64_t acked_ = 0;
  std::function<void()> on_connected_;
  std::function<void()> shutdown_done_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
};

}  // namespace sitepower
