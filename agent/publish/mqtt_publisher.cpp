#include "mqtt_publisher.h"

#include <boost/asio/post.hpp>
#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace sitepower {

// Bridges Paho's threads to the executor. `alive` guards against callbacks
// that arrive after the publisher is gone.
class MqttPublisher::Callbacks : public virtual mqtt::callback {
 public:
  explicit Callbacks(MqttPublisher& p) : p_(p), alive_(p.alive_), publish_(*this), connect_(*this) {}

  void connected(const std::string&) override {
    post([this] { p_.handle_connected(); });
  }
  void connection_lost(const std::string& cause) override {
    post([this, cause] { p_.handle_lost(cause.empty() ? "connection lost" : cause); });
  }

  struct PublishListener : mqtt::iaction_listener {
    explicit PublishListener(Callbacks& c) : c_(c) {}
    void on_success(const mqtt::token& tok) override {
      const mqtt::token* t = &tok;
      c_.post([this, t] { c_.p_.handle_result(t, true, 0, 0); });
    }
    // MQTT 5 brokers refuse a publish (e.g. an ACL denial) with a PUBACK
    // reason code >= 0x80, which Paho reports here.
    void on_failure(const mqtt::token& tok) override {
      const mqtt::token* t = &tok;
      const int rc = tok.get_return_code(), reason = static_cast<int>(tok.get_reason_code());
      c_.post([this, t, rc, reason] { c_.p_.handle_result(t, false, rc, reason); });
    }
    Callbacks& c_;
  };
  struct ConnectListener : mqtt::iaction_listener {
    explicit ConnectListener(Callbacks& c) : c_(c) {}
    // Which broker of the list answered; `connected()` then reports success.
    void on_success(const mqtt::token& tok) override {
      std::string uri = tok.get_connect_response().get_server_uri();
      c_.post([this, uri] {
        if (!uri.empty()) c_.p_.broker_ = uri;
      });
    }
    void on_failure(const mqtt::token& tok) override {
      const int rc = tok.get_return_code(), reason = static_cast<int>(tok.get_reason_code());
      c_.post([this, rc, reason] { c_.p_.handle_connect_failed(rc, reason); });
    }
    Callbacks& c_;
  };

  template <class F>
  void post(F f) {
    std::weak_ptr<bool> alive = alive_;
    boost::asio::post(p_.executor_, [alive, f = std::move(f)] {
      if (alive.lock()) f();
    });
  }

  MqttPublisher& p_;
  std::shared_ptr<bool> alive_;
  PublishListener publish_;
  ConnectListener connect_;
};

MqttPublisher::MqttPublisher(boost::asio::any_io_executor executor, PublisherSettings settings, Outbox& outbox)
    : executor_(std::move(executor)), settings_(std::move(settings)), outbox_(outbox), alive_(std::make_shared<bool>(true)),
      broker_(settings_.brokers.front()) {
  // No Paho persistence and no offline buffer: the outbox is the only store
  // of unsent messages. v5 needs the client created for v5.
  client_ = std::make_unique<mqtt::async_client>(settings_.brokers.front(), settings_.client_id,
                                                 mqtt::create_options(settings_.protocol == 5 ? MQTTVERSION_5 : MQTTVERSION_3_1_1),
                                                 nullptr);
  callbacks_ = std::make_unique<Callbacks>(*this);
  client_->set_callback(*callbacks_);
}

MqttPublisher::~MqttPublisher() {
  alive_.reset();
  try {
    if (client_->is_connected()) client_->disconnect(0)->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // Shutting down anyway; nothing more to do with a failed disconnect.
  }
  client_->disable_callbacks();
}

void MqttPublisher::start() {
  std::weak_ptr<bool> alive = alive_;
  auto opts = make_connect_options(settings_, [this, alive](const std::string& error) {
    boost::asio::post(executor_, [this, alive, error] {
      if (alive.lock()) tls_error_ = error;
    });
  });
  std::string list;
  for (const auto& b : settings_.brokers) list += (list.empty() ? "" : ", ") + b;
  spdlog::info("mqtt: connecting to {} as {} (MQTT {}{}{})", list, settings_.client_id,
               settings_.protocol == 5 ? "5" : "3.1.1", settings_.tls.enabled ? ", TLS" : "",
               settings_.username.empty() ? "" : ", user " + settings_.username);
  try {
    client_->connect(opts, nullptr, callbacks_->connect_);
  } catch (const mqtt::exception& e) {
    spdlog::error("mqtt: cannot start a connection to {}: {}", list, e.what());
  }
}

void MqttPublisher::handle_connect_failed(int return_code, int reason_code) {
  const std::string why = explain_connect_failure(return_code, reason_code, tls_error_, settings_);
  tls_error_.clear();
  // A misconfiguration repeats on every retry: say it loudly once, then quietly.
  if (why != last_failure_) spdlog::error("mqtt: connect failed: {}; {} messages held in the outbox", why, outbox_.depth());
  else spdlog::debug("mqtt: connect failed again: {}", why);
  last_failure_ = why;
  handle_lost("connect failed");
}

void MqttPublisher::handle_connected() {
  connected_ = true;
  last_failure_.clear();
  tls_error_.clear();
  // Resend everything not yet acknowledged: what is there now is the backlog.
  in_flight_.clear();
  backlog_in_flight_ = 0;
  backlog_cursor_ = 0;
  backlog_end_ = live_cursor_ = outbox_.last_id();
  spdlog::info("mqtt: connected to {}; {} messages waiting", broker_, outbox_.depth());
  if (on_connected_) on_connected_();
  send_retained();
  kick();
}

void MqttPublisher::handle_lost(const std::string& cause) {
  const bool was = connected_;
  connected_ = false;
  in_flight_.clear();
  backlog_in_flight_ = 0;
  if (was) spdlog::warn("mqtt: lost {}: {}; {} messages held in the outbox", broker_, cause, outbox_.depth());
  if (shutdown_done_) {
    finish_shutdown();
    return;
  }
  if (!was && !client_->is_connected()) {
    // The first connect failed; Paho's automatic reconnect covers only lost
    // connections, so retry the first one here.
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, std::chrono::seconds(2));
    std::weak_ptr<bool> alive = alive_;
    timer->async_wait([this, timer, alive](const boost::system::error_code& ec) {
      if (!ec && alive.lock() && !connected_ && !shutdown_done_) start();
    });
  }
}

void MqttPublisher::set_retained(const std::string& topic, std::string payload) {
  retained_[topic] = std::move(payload);
  if (connected_) {
    try {
      client_->publish(mqtt::make_message(topic, retained_[topic], 1, true));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: retained publish to {} failed: {}", topic, e.what());
    }
  }
}

void MqttPublisher::send_retained() {
  for (const auto& [topic, payload] : retained_) {
    try {
      client_->publish(mqtt::make_message(topic, payload, 1, true));
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
    try {
      auto tok = client_->publish(mqtt::make_message(m.topic, m.payload, 1, false), nullptr, callbacks_->publish_);
      in_flight_[tok.get()] = InFlight{m.id, tok, backlog};
      backlog_in_flight_ += backlog;
      cursor = m.id;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: publish of message {} failed: {}", m.id, e.what());
      break;  // stays in the outbox; sent again after the next reconnect
    }
  }
}

void MqttPublisher::handle_result(const mqtt::token* tok, bool ok, int return_code, int reason_code) {
  auto it = in_flight_.find(tok);
  if (it == in_flight_.end()) return;  // from a previous connection: resent since
  const std::uint64_t id = it->second.id;
  backlog_in_flight_ -= it->second.backlog;
  in_flight_.erase(it);
  if (ok) {
    outbox_.ack(id);
    last_ack_ = std::chrono::system_clock::now();
    ++acked_;
  } else {
    spdlog::error("mqtt: {} did not accept message {}: {}; it stays in the outbox and is sent again after the next "
                  "reconnect", broker_, id, explain_publish_failure(return_code, reason_code));
  }
  if (shutdown_done_) {
    if (in_flight_.empty()) finish_shutdown();
    return;
  }
  kick();
}

void MqttPublisher::shutdown(std::chrono::milliseconds grace, std::string final_status, std::function<void()> done) {
  retained_[settings_.status_topic] = std::move(final_status);
  shutdown_done_ = std::move(done);
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

void MqttPublisher::finish_shutdown() {
  auto done = std::move(shutdown_done_);
  shutdown_done_ = nullptr;
  if (shutdown_timer_) shutdown_timer_->cancel();
  if (connected_) {
    try {
      client_->publish(mqtt::make_message(settings_.status_topic, retained_[settings_.status_topic], 1, true))
          ->wait_for(std::chrono::seconds(2));
      client_->disconnect(std::chrono::seconds(2))->wait_for(std::chrono::seconds(3));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: clean disconnect failed: {}", e.what());
    }
    connected_ = false;
  }
  if (done) done();
}

}  // namespace sitepower
