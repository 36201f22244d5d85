#include "systemd_notifier.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstring>
#include <ctime>

namespace sitepower {
namespace {

// systemd 253+ matches a reload's RELOADING=1 to its start by this timestamp.
std::string monotonic_usec() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::to_string(static_cast<unsigned long long>(ts.tv_sec) * 1000000ULL +
                        static_cast<unsigned long long>(ts.tv_nsec) / 1000ULL);
}

}  // namespace

void SystemdNotifier::send(const std::string& message) {
  const int rc = ::sd_notify(0, message.c_str());
  if (rc < 0 && !warned_) {
    // Once: a broken notify socket must not turn into a log line per ping.
    spdlog::warn("sd_notify failed: {}", std::strerror(-rc));
    warned_ = true;
  }
}

void SystemdNotifier::ready(const std::string& status) { send("READY=1\nSTATUS=" + status); }
void SystemdNotifier::reloading() { send("RELOADING=1\nMONOTONIC_USEC=" + monotonic_usec()); }
void SystemdNotifier::stopping() { send("STOPPING=1"); }
void SystemdNotifier::watchdog() { send("WATCHDOG=1"); }
void SystemdNotifier::status(const std::string& text) { send("STATUS=" + text); }

std::optional<std::chrono::microseconds> SystemdNotifier::watchdog_timeout() {
  std::uint64_t usec = 0;
  if (::sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

}  // namespace sitepower
