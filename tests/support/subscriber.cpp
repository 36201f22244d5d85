#include "subscriber.h"

#include <atomic>

namespace sitepower::test {
namespace {
std::atomic<int> g_counter{0};
}

Subscriber::Subscriber(const std::string& uri, const std::string& filter, bool persistent)
    : client_(uri, "test-sub-" + std::to_string(::getpid()) + "-" + std::to_string(++g_counter), nullptr) {
  client_.set_callback(*this);
  mqtt::connect_options opts;
  opts.set_clean_session(!persistent);
  if (persistent) opts.set_automatic_reconnect(1, 2);
  client_.connect(opts)->wait();
  client_.subscribe(filter, 1)->wait();
}

Subscriber::~Subscriber() {
  try {
    client_.disconnect()->wait_for(std::chrono::seconds(2));
  } catch (const std::exception&) {
    // the broker may already be gone
  }
  client_.disable_callbacks();
}

void Subscriber::message_arrived(mqtt::const_message_ptr msg) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    messages_.push_back({msg->get_topic(), msg->to_string(), msg->is_retained()});
  }
  cv_.notify_all();
}

bool Subscriber::wait_until(const std::function<bool(const std::vector<Received>&)>& pred,
                            std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lk(mu_);
  return cv_.wait_for(lk, timeout, [&] { return pred(messages_); });
}

std::vector<Received> Subscriber::messages() {
  std::lock_guard<std::mutex> lk(mu_);
  return messages_;
}

std::vector<Received> Subscriber::on_topic_suffix(const std::string& suffix) {
  std::lock_guard<std::mutex> lk(mu_);
  std::vector<Received> out;
  for (const auto& m : messages_) {
    if (m.topic.size() >= suffix.size() && m.topic.compare(m.topic.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(m);
    }
  }
  return out;
}

}  // namespace sitepower::test
