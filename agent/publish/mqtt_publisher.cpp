#include "mqtt_publisher.h"

#include <boost/asio/post.hpp>
#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

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
      c_.post([this, t] { c_.p_.handle_result(t, true, ""); });
    }
    void on_failure(const mqtt::token& tok) override {
      const mqtt::token* t = &tok;
      std::string why = "publish failed, code " + std::to_string(tok.get_return_code());
      c_.post([this, t, why] { c_.p_.handle_result(t, false, why); });
    }
    Callbacks& c_;
  };
  struct ConnectListener : mqtt::iaction_listener {
    explicit ConnectListener(Callbacks& c) : c_(c) {}
    void on_success(const mqtt::token&) override {}  // `connected()` reports success
    void on_failure(const mqtt::token& tok) override {
      std::string why = "connect failed, code " + std::to_string(tok.get_return_code());
      c_.post([this, why] { c_.p_.handle_lost(why); });
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
    : executor_(std::move(executor)), settings_(std::move(settings)), outbox_(outbox), alive_(std::make_shared<bool>(true)) {
  // No Paho persistence: the outbox is the only store of unsent messages.
  client_ = std::make_unique<mqtt::async_client>(settings_.broker, settings_.client_id, nullptr);
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
  mqtt::connect_options opts;
  opts.set_clean_session(true);
  opts.set_keep_alive_interval(settings_.keepalive_s);
  opts.set_connect_timeout(5);
  opts.set_automatic_reconnect(1, 30);
  opts.set_will_message(mqtt::make_message(settings_.status_topic, settings_.offline_status, 1, true));
  spdlog::info("mqtt: connecting to {} as {}", settings_.broker, settings_.client_id);
  try {
    client_->connect(opts, nullptr, callbacks_->connect_);
  } catch (const mqtt::exception& e) {
    spdlog::error("mqtt: cannot start a connection to {}: {}", settings_.broker, e.what());
  }
}

void MqttPublisher::handle_connected() {
  connected_ = true;
  cursor_ = 0;  // resend everything not yet acknowledged
  in_flight_.clear();
  spdlog::info("mqtt: connected to {}; {} messages waiting", settings_.broker, outbox_.depth());
  if (on_connected_) on_connected_();
  send_retained();
  kick();
}

void MqttPublisher::handle_lost(const std::string& cause) {
  const bool was = connected_;
  connected_ = false;
  in_flight_.clear();
  if (was) spdlog::warn("mqtt: lost {}: {}; {} messages held in the outbox", settings_.broker, cause, outbox_.depth());
  else spdlog::warn("mqtt: {}: {}", settings_.broker, cause);
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
  if (in_flight_.size() >= settings_.max_in_flight) return;
  for (auto& m : outbox_.next(settings_.max_in_flight - in_flight_.size(), cursor_)) {
    try {
      auto tok = client_->publish(mqtt::make_message(m.topic, m.payload, 1, false), nullptr, callbacks_->publish_);
      in_flight_[tok.get()] = InFlight{m.id, tok};
      cursor_ = m.id;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: publish of message {} failed: {}", m.id, e.what());
      break;  // stays in the outbox; sent again after the next reconnect
    }
  }
}

void MqttPublisher::handle_result(const mqtt::token* tok, bool ok, const std::string& error) {
  auto it = in_flight_.find(tok);
  if (it == in_flight_.end()) return;  // from a previous connection: resent since
  const std::uint64_t id = it->second.id;
  in_flight_.erase(it);
  if (ok) {
    outbox_.ack(id);
    last_ack_ = std::chrono::system_clock::now();
    ++acked_;
  } else {
    spdlog::warn("mqtt: message {} not acknowledged: {}; it stays in the outbox", id, error);
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
