#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace sitepower {

// Tells systemd how the service is doing over the sd_notify protocol (a
// datagram to $NOTIFY_SOCKET). Outside systemd every call is a no-op, so the
// agent runs the same from a shell.
class SystemdNotifier {
 public:
  // READY=1: config loaded and the first broker connect attempted.
  void ready(const std::string& status);
  // RELOADING=1 on SIGHUP; ready() again when the reload is done.
  void reloading();
  // STOPPING=1 on SIGTERM/SIGINT.
  void stopping();
  // WATCHDOG=1: the event loop is healthy.
  void watchdog();
  // STATUS=...: the one-line state `systemctl status` shows.
  void status(const std::string& text);

  // $WATCHDOG_USEC when systemd expects pings from this process, else none.
  static std::optional<std::chrono::microseconds> watchdog_timeout();

 private:
  void send(const std::string& message);
  bool warned_ = false;
};

}  // namespace sitepower
