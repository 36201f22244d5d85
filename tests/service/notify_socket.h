#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sitepower::test {

// The systemd end of sd_notify: a real AF_UNIX datagram socket bound in a
// fresh directory. Point $NOTIFY_SOCKET at path(). A thread drains it at once,
// as systemd does: sd_notify blocks the sender when the socket's queue is full,
// so a test that stopped reading would stall the agent it watches.
class NotifySocket {
 public:
  using Clock = std::chrono::steady_clock;
  struct Message {
    std::string text;  // e.g. "READY=1\nSTATUS=..."
    Clock::time_point at;
  };

  NotifySocket();
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }
  // The next message not yet returned, or none if none arrives within `timeout`.
  std::optional<Message> receive(std::chrono::milliseconds timeout);
  // Receives until a message starts with `prefix`; everything received on the
  // way (including it) is appended to `seen`. False on timeout.
  bool wait_for(const std::string& prefix, std::chrono::milliseconds timeout, std::vector<Message>* seen = nullptr);

 private:
  void drain();

  std::string dir_, path_;
  int fd_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Message> messages_;
  std::size_t next_ = 0;
  std::thread reader_;
};

}  // namespace sitepower::test
