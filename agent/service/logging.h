#pragma once
#include <spdlog/common.h>

#include <string>
#include <string_view>
#include <vector>

namespace sitepower {

enum class LogTarget { Console, Journal };

// Journal when systemd connected stderr to journald: $JOURNAL_STREAM names
// stderr's device:inode (the check sd_journal_stream_fd(3) documents; the
// variable alone is inherited by children whose stderr was redirected).
LogTarget detect_log_target();
// Installs the default logger for `target`; journal lines carry SITEPOWER_SITE
// and, inside a DeviceLogScope, SITEPOWER_DEVICE and SITEPOWER_DRIVER.
void setup_logging(LogTarget target);
// The site every journal line names; set when a config is applied.
void set_log_site(std::string site);

// While alive, log lines written on this thread name this device and driver.
class DeviceLogScope {
 public:
  DeviceLogScope(const std::string& device, const std::string& driver);
  ~DeviceLogScope();
  DeviceLogScope(const DeviceLogScope&) = delete;
  DeviceLogScope& operator=(const DeviceLogScope&) = delete;

 private:
  const std::string* outer_device_;
  const std::string* outer_driver_;
};

// The journal entry for one log line as FIELD=value strings (exposed for tests).
std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view message);

}  // namespace sitepower
