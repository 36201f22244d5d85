#include "mqtt_publisher.h"

#include <boost/asio/post.hpp>
#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "backoff.h"
#include "broker_access.h"
#include "broker_errors.h"
#include "tls_probe.h"

namespace sitepower {
namespace {

constexpr auto kRetryFirst = std::chrono::seconds(1);
constexpr auto kRetryMax = std::chrono::seconds(30);

// A publish carries its send number as Paho's user context.
void* as_context(std::uint64_t send) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(send)); }
std::uint64_t send_of(const mqtt::token& tok) { return reinterpret_cast<std::uintptr_t>(tok.get_user_context()); }

}  // namespace

// Bridges one broker's Paho client to the executor. `alive` guards against
// callbacks that arrive after the publisher is gone; `index` says which
// client spoke, so a late word from a client we left is ignored.
class MqttPublisher::Callbacks : public virtual mqtt::callback {
 public:
  Callbacks(MqttPublisher& p, std::size_t index) : p_(p), index_(index), publish_(*this), connect_(*this) {}

  void connected(const std::string&) override {
    post([this] { p_.handle_connected(index_); });
  }
  void connection_lost(const std::string& cause) override {
    post([this, cause] { p_.handle_lost(index_, cause.empty() ? "connection lost" : cause); });
  }

  struct PublishListener : mqtt::iaction_listener {
    explicit PublishListener(Callbacks& c) : c_(c) {}
    void on_success(const mqtt::token& tok) override {
      const std::uint64_t send = send_of(tok);
      c_.post([this, send] { c_.p_.handle_result(send, true, 0); });
    }
    // MQTT 5 brokers refuse a publish (e.g. an ACL denial) with a PUBACK
    // reason code >= 0x80, which Paho reports here.
    void on_failure(const mqtt::token& tok) override {
      const std::uint64_t send = send_of(tok);
      const int reason = static_cast<int>(tok.get_reason_code());
      c_.post([this, send, reason] { c_.p_.handle_result(send, false, reason); });
    }
    Callbacks& c_;
  };
  struct ConnectListener : mqtt::iaction_listener {
    explicit ConnectListener(Callbacks& c) : c_(c) {}
    void on_success(const mqtt::token&) override {}  // `connected()` reports success
    void on_failure(const mqtt::token& tok) override {
      const int rc = tok.get_return_code(), reason = static_cast<int>(tok.get_reason_code());
      c_.post([this, rc, reason] { c_.p_.handle_connect_failed(c_.index_, rc, reason); });
    }
    Callbacks& c_;
  };

  template <class F>
  void post(F f) {
    std::weak_ptr<bool> alive = p_.alive_;
    boost::asio::post(p_.executor_, [alive, f = std::move(f)] {
      if (alive.lock()) f();
    });
  }

  MqttPublisher& p_;
  std::size_t index_;
  PublishListener publish_;
  ConnectListener connect_;
};

MqttPublisher::MqttPublisher(boost::asio::any_io_executor executor, PublisherSettings settings, Outbox& outbox)
    : executor_(std::move(executor)), settings_(std::move(settings)), outbox_(outbox),
      alive_(std::make_shared<bool>(true)), retry_timer_(executor_) {
  options_ = std::make_unique<mqtt::connect_options>(make_connect_options(settings_));
  set_broker_access(*options_, settings_.tls, settings_.username, settings_.password);
  // No Paho persistence and no offline buffer: the outbox is the only store
  // of unsent messages. A v5 connection needs a client created for v5.
  const mqtt::create_options create(settings_.protocol == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1);
  for (std::size_t i = 0; i < settings_.brokers.size(); ++i) {
    callbacks_.push_back(std::make_unique<Callbacks>(*this, i));
    clients_.push_back(std::make_unique<mqtt::async_client>(settings_.brokers[i], settings_.client_id, create, nullptr));
    clients_.back()->set_callback(*callbacks_.back());
  }
}

MqttPublisher::~MqttPublisher() {
  alive_.reset();
  for (auto& c : clients_) {
    try {
      if (c->is_connected()) c->disconnect(0)->wait_for(std::chrono::seconds(2));
    } catch (const std::exception&) {
      // Shutting down anyway; nothing more to do with a failed disconnect.
    }
    c->disable_callbacks();
  }
}

void MqttPublisher::start() {
  std::string list;
  for (const auto& b : settings_.brokers) list += (list.empty() ? "" : ", ") + b;
  spdlog::info("mqtt: brokers {}; client {} (MQTT {}{}{})", list, settings_.client_id,
               settings_.protocol == 5 ? "5" : "3.1.1", settings_.tls.enabled ? ", TLS" : "",
               settings_.username.empty() ? "" : ", user " + settings_.username);
  if (settings_.protocol != 5) {
    spdlog::warn("mqtt: MQTT 3.1.1: a broker that denies a publish (ACL) still acknowledges it, so such a message "
                 "is lost without notice; use mqtt.protocol \"5\" (the default) to see denials");
  }
  connect(0);
}

void MqttPublisher::connect(std::size_t index) {
  current_ = index;
  spdlog::debug("mqtt: connecting to {}", broker());
  connect_started_ = std::chrono::steady_clock::now();
  try {
    if (settings_.last_will) {
      options_->set_will_message(mqtt::make_message(settings_.status_topic, settings_.last_will(), 1, true));
    }
    client().connect(*options_, nullptr, callbacks_[index]->connect_);
  } catch (const mqtt::exception& e) {
    spdlog::error("mqtt: cannot start a connection to {}: {}", broker(), e.what());
    retry((index + 1) % clients_.size());
  }
}

// After a whole round of the list has failed, wait longer each round.
void MqttPublisher::retry(std::size_t index) {
  const unsigned rounds = failures_in_a_row_ / static_cast<unsigned>(clients_.size());
  retry_timer_.expires_after(Backoff::nth(kRetryFirst, rounds, kRetryMax));
  retry_timer_.async_wait([this, index](const boost::system::error_code& ec) {
    if (!ec && !connected_ && !shutdown_done_) connect(index);
  });
}

void MqttPublisher::handle_connect_failed(std::size_t index, int return_code, int reason_code) {
  if (index != current_ || connected_) return;
  // Paho's timeout says nothing of how far the attempt got: a probe tells (then reports).
  const bool timed_out = return_code == -1 &&
                         std::chrono::steady_clock::now() - connect_started_ >= std::chrono::seconds(kConnectTimeoutS);
  if (timed_out) {
    probe_tcp();  // (a TLS probe would wait for the same silent peer)
  } else {
    report_connect_failure(explain_connect_failure(return_code, reason_code, settings_));
    if (settings_.tls.enabled && return_code == -1) probe_tls();
  }
  if (shutdown_done_) {
    finish_shutdown();
    return;
  }
  ++failures_in_a_row_;
  retry((index + 1) % clients_.size());
}

// A misconfiguration repeats on every retry: say it loudly once, then quietly.
void MqttPublisher::report_connect_failure(const std::string& why) {
  if (why != last_failure_) {
    spdlog::error("mqtt: connect failed: {}: {}; {} messages held in the outbox", broker(), why, outbox_.depth());
  } else {
    spdlog::debug("mqtt: connect failed again: {}: {}", broker(), why);
  }
  last_failure_ = why;
}

// Off the executor: the probe blocks for up to a second.
void MqttPublisher::probe_tcp() {
  if (probing_tcp_) return;
  probing_tcp_ = true;
  std::weak_ptr<bool> alive = alive_;
  std::thread([this, alive, uri = broker(), executor = executor_] {
    const bool accepted = tcp_accepts(uri, std::chrono::seconds(1));
    boost::asio::post(executor, [this, alive, uri, accepted] {
      if (!alive.lock()) return;
      probing_tcp_ = false;
      if (!connected_ && uri == broker()) report_connect_failure(explain_connect_timeout(accepted, kConnectTimeoutS, settings_.tls.enabled));
    });
  }).detach();
}

// Off the executor: the probe blocks for a TCP connect and a handshake.
void MqttPublisher::probe_tls() {
  if (probing_) return;
  probing_ = true;
  std::weak_ptr<bool> alive = alive_;
  std::thread([this, alive, uri = broker(), tls = settings_.tls, executor = executor_] {
    std::string why = tls_probe(uri, tls);
    boost::asio::post(executor, [this, alive, uri, why] {
      if (!alive.lock()) return;
      probing_ = false;
      if (why.empty() || why == last_tls_failure_) return;
      last_tls_failure_ = why;
      spdlog::error("mqtt: TLS handshake with {} failed: {} (check mqtt.tls.ca_file against the broker's "
                    "certificate, and mqtt.tls.cert_file/key_file against what the broker trusts)", uri, why);
    });
  }).detach();
}

void MqttPublisher::handle_connected(std::size_t index) {
  if (index != current_) return;
  connected_ = true;
  failures_in_a_row_ = 0;
  last_failure_.clear();
  last_tls_failure_.clear();
  // Resend everything not yet acknowledged: what is there now is the backlog.
  in_flight_.clear();
  backlog_in_flight_ = 0;
  backlog_cursor_ = 0;
  backlog_end_ = live_cursor_ = outbox_.last_id();
  spdlog::info("mqtt: connected to {}; {} messages waiting", broker(), outbox_.depth());
  if (on_connected_) on_connected_();
  send_retained();
  kick();
}

void MqttPublisher::handle_lost(std::size_t index, const std::string& cause) {
  if (index != current_ || !connected_) return;
  connected_ = false;
  in_flight_.clear();
  backlog_in_flight_ = 0;
  spdlog::warn("mqtt: lost {}: {}; {} messages held in the outbox", broker(), cause, outbox_.depth());
  if (shutdown_done_) {
    finish_shutdown();
    return;
  }
  retry(0);  // start over at the primary
}

void MqttPublisher::set_retained(const std::string& topic, std::string payload) {
  retained_[topic] = std::move(payload);
  if (connected_) {
    try {
      client().publish(mqtt::make_message(topic, retained_[topic], 1, true));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: retained publish to {} failed: {}", topic, e.what());
    }
  }
}

void MqttPublisher::send_retained() {
  for (const auto& [topic, payload] : retained_) {
    try {
      client().publish(mqtt::make_message(topic, payload, 1, true));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: retained publish to {} failed: {}", topic, e.what());
    }
  }
}

void MqttPublisher::kick() {
  if (!connected_ || shutdown_done_) return;
  const std::size_t window = settings_.max_in_flight;
  // Live first, then the backlog within its share (at least one slot).
  send(window - std::min(window, in_flight_.size()), live_cursor_, UINT64_MAX, false);
  const auto backlog_cap = std::max<std::size_t>(1, static_cast<std::size_t>(window * settings_.backlog_share));
  if (backlog_cursor_ < backlog_end_ && backlog_in_flight_ < backlog_cap) {
    send(std::min(backlog_cap - backlog_in_flight_, window - std::min(window, in_flight_.size())), backlog_cursor_,
         backlog_end_, true);
  }
}

void MqttPublisher::send(std::size_t max, std::uint64_t& cursor, std::uint64_t last, bool backlog) {
  if (max == 0) return;
  for (auto& m : outbox_.next(max, cursor)) {
    if (m.id > last) break;
    const std::uint64_t send = next_send_++;
    try {
      client().publish(mqtt::make_message(m.topic, m.payload, 1, false), as_context(send), callbacks_[current_]->publish_);
      in_flight_[send] = InFlight{m.id, backlog};
      backlog_in_flight_ += backlog;
      cursor = m.id;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: publish of message {} failed: {}", m.id, e.what());
      break;  // stays in the outbox; sent again after the next reconnect
    }
  }
}

void MqttPublisher::handle_result(std::uint64_t send, bool ok, int reason_code) {
  auto it = in_flight_.find(send);
  if (it == in_flight_.end()) return;  // from a connection that is gone: resent since
  const std::uint64_t id = it->second.id;
  backlog_in_flight_ -= it->second.backlog;
  in_flight_.erase(it);
  if (ok) {
    outbox_.ack(id);
    last_ack_ = std::chrono::system_clock::now();
    ++acked_;
    if (publish_failures_ > 0) {
      spdlog::info("mqtt: {} accepts publishes again ({} not accepted before: {})", broker(), publish_failures_,
                   last_publish_failure_);
    }
    publish_failures_ = 0;
    last_publish_failure_.clear();
  } else {
    report_publish_failure(id, explain_publish_failure(reason_code));
  }
  if (shutdown_done_) {
    if (in_flight_.empty()) finish_shutdown();
    return;
  }
  kick();
}

// Once per distinct reason until a publish is accepted again: a denial
// repeats for every cycle, and a dropped connection fails the whole window.
void MqttPublisher::report_publish_failure(std::uint64_t id, const std::string& why) {
  ++publish_failures_;
  if (why == last_publish_failure_) {
    spdlog::debug("mqtt: message {} not accepted either: {}", id, why);
    return;
  }
  last_publish_failure_ = why;
  spdlog::error("mqtt: {} did not accept message {}: {}; it stays in the outbox and is sent again after the next "
                "reconnect (logged once until publishes are accepted again)", broker(), id, why);
}

void MqttPublisher::shutdown(std::chrono::milliseconds grace, std::function<std::string()> final_status,
                             std::function<void()> done) {
  final_status_ = std::move(final_status);
  shutdown_done_ = std::move(done);
  retry_timer_.cancel();
  if (!connected_ || in_flight_.empty()) {
    finish_shutdown();
    return;
  }
  shutdown_timer_ = std::make_unique<boost::asio::steady_timer>(executor_, grace);
  shutdown_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec && shutdown_done_) {
      spdlog::warn("mqtt: {} messages not acknowledged in time; they stay in the outbox", in_flight_.size());
      finish_shutdown();
    }
  });
}

void MqttPublisher::retire(std::function<std::string()> final_status) {
  final_status_ = std::move(final_status);
  retry_timer_.cancel();
  finish_shutdown();
}

void MqttPublisher::finish_shutdown() {
  auto done = std::move(shutdown_done_);
  shutdown_done_ = nullptr;
  if (shutdown_timer_) shutdown_timer_->cancel();
  if (final_status_) retained_[settings_.status_topic] = final_status_();
  if (connected_) {
    try {
      client().publish(mqtt::make_message(settings_.status_topic, retained_[settings_.status_topic], 1, true))
          ->wait_for(std::chrono::seconds(2));
      client().disconnect(std::chrono::seconds(2))->wait_for(std::chrono::seconds(3));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: clean disconnect failed: {}", e.what());
    }
    connected_ = false;
  }
  if (done) done();
}

}  // namespace sitepower
