#pragma once
// Included by mqtt_publisher.cpp only: the nested class MqttPublisher::Callbacks.
#include <boost/asio/post.hpp>
#include <mqtt/async_client.h>

#include <cstdint>
#include <memory>

#include "mqtt_publisher.h"

namespace sitepower {

// A publish carries its send number as Paho's user context.
inline void* as_context(std::uint64_t send) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(send)); }
inline std::uint64_t send_of(const mqtt::token& tok) { return reinterpret_cast<std::uintptr_t>(tok.get_user_context()); }

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

}  // namespace sitepower
