#include "mqtt_publisher.h"

#include <MQTTAsync.h>
#include <mqtt/async_client.h>
#include <spdlog/spdlog.h>

#include "backoff.h"
#include "broker_access.h"
#include "broker_errors.h"
#include "publisher_callbacks.h"

namespace sitepower {
namespace {

constexpr auto kRetryFirst = std::chrono::seconds(1);
constexpr auto kRetryMax = std::chrono::seconds(30);

// Paho's default initialises OpenSSL at its first client: every algorithm
// and error string, 1.3 MB of libcrypto pages in every agent, TLS or not
// (issue 15, BENCHMARKS.md "Memory: what the agent's pages are"). OpenSSL
// 3 initialises what it uses on first use, so a TLS connection still gets
// all it needs, and an agent without TLS touches none of it. Before the
// first client, once per process.
void leave_openssl_to_first_use() {
  static const bool done = [] {
    MQTTAsync_init_options init = MQTTAsync_init_options_initializer;
    init.do_openssl_init = 0;
    MQTTAsync_global_init(&init);
    return true;
  }();
  (void)done;
}

}  // namespace

MqttPublisher::MqttPublisher(boost::asio::any_io_executor executor, PublisherSettings settings, Outbox& outbox)
    : executor_(std::move(executor)), settings_(std::move(settings)), outbox_(outbox),
      alive_(std::make_shared<bool>(true)), retry_timer_(executor_), diagnosis_(executor_, settings_.tls),
      window_(outbox_, settings_.max_in_flight, settings_.backlog_share) {
  leave_openssl_to_first_use();
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
    // (a TLS probe would wait for the same silent peer)
    diagnosis_.probe_tcp(broker(), [this, uri = broker()](bool accepted) {
      if (connected_ || uri != broker()) return;
      diagnosis_.report(broker(), explain_connect_timeout(accepted, kConnectTimeoutS, settings_.tls.enabled),
                        outbox_.depth());
    });
  } else {
    diagnosis_.report(broker(), explain_connect_failure(return_code, reason_code, settings_), outbox_.depth());
    if (settings_.tls.enabled && return_code == -1) diagnosis_.probe_tls(broker());
  }
  if (shutdown_done_) {
    finish_shutdown();
    return;
  }
  ++failures_in_a_row_;
  retry((index + 1) % clients_.size());
}

void MqttPublisher::handle_connected(std::size_t index) {
  if (index != current_) return;
  connected_ = true;
  failures_in_a_row_ = 0;
  diagnosis_.connected();
  window_.connected();  // resends everything not yet acknowledged
  spdlog::info("mqtt: connected to {}; {} messages waiting", broker(), outbox_.depth());
  if (on_connected_) on_connected_();
  retained_.publish_all(client());
  kick();
}

void MqttPublisher::handle_lost(std::size_t index, const std::string& cause) {
  if (index != current_ || !connected_) return;
  connected_ = false;
  window_.lost();
  spdlog::warn("mqtt: lost {}: {}; {} messages held in the outbox", broker(), cause, outbox_.depth());
  if (shutdown_done_) {
    finish_shutdown();
    return;
  }
  retry(0);  // start over at the primary
}

void MqttPublisher::set_retained(const std::string& topic, std::string payload) {
  retained_.set(topic, std::move(payload));
  if (connected_) retained_.publish(client(), topic);
}

void MqttPublisher::kick() {
  if (!connected_ || shutdown_done_) return;
  window_.fill([this](const OutboxMessage& m, std::uint64_t send) {
    try {
      client().publish(mqtt::make_message(m.topic, m.payload, 1, false), as_context(send), callbacks_[current_]->publish_);
      return true;
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: publish of message {} failed: {}", m.id, e.what());
      return false;
    }
  });
}

void MqttPublisher::handle_result(std::uint64_t send, bool ok, int reason_code) {
  const auto id = window_.settle(send);
  if (!id) return;  // from a connection that is gone: resent since
  if (ok) {
    outbox_.ack(*id);
    last_ack_ = std::chrono::system_clock::now();
    ++acked_;
    publish_failures_.accepted(broker());
  } else {
    publish_failures_.failed(broker(), *id, explain_publish_failure(reason_code));
  }
  if (shutdown_done_) {
    if (window_.empty()) finish_shutdown();
    return;
  }
  kick();
}

void MqttPublisher::shutdown(std::chrono::milliseconds grace, std::function<std::string()> final_status,
                             std::function<void()> done) {
  final_status_ = std::move(final_status);
  shutdown_done_ = std::move(done);
  retry_timer_.cancel();
  if (!connected_ || window_.empty()) {
    finish_shutdown();
    return;
  }
  shutdown_timer_ = std::make_unique<boost::asio::steady_timer>(executor_, grace);
  shutdown_timer_->async_wait([this](const boost::system::error_code& ec) {
    if (!ec && shutdown_done_) {
      spdlog::warn("mqtt: {} messages not acknowledged in time; they stay in the outbox", window_.size());
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
  if (final_status_) retained_.set(settings_.status_topic, final_status_());
  if (connected_) {
    try {
      client().publish(retained_.message(settings_.status_topic))->wait_for(std::chrono::seconds(2));
      client().disconnect(std::chrono::seconds(2))->wait_for(std::chrono::seconds(3));
    } catch (const mqtt::exception& e) {
      spdlog::warn("mqtt: clean disconnect failed: {}", e.what());
    }
    connected_ = false;
  }
  if (done) done();
}

}  // namespace sitepower
