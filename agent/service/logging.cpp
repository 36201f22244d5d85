#include "logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace sitepower {
namespace {

// Set on the io thread at config apply; read by any thread that logs (Paho's too).
std::mutex g_site_mutex;
std::string g_site;
thread_local const std::string* t_device = nullptr;
thread_local const std::string* t_driver = nullptr;

int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical: return 2;
    case spdlog::level::err: return 3;
    case spdlog::level::warn: return 4;
    case spdlog::level::info: return 6;
    default: return 7;
  }
}

class JournalSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const auto fields = journal_fields(msg.level, std::string_view(msg.payload.data(), msg.payload.size()));
    std::vector<iovec> iov;
    iov.reserve(fields.size());
    for (const auto& f : fields) iov.push_back({const_cast<char*>(f.data()), f.size()});
    ::sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
  }
  void flush_() override {}
};

}  // namespace

LogTarget detect_log_target() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  struct stat st {};
  if (!stream || ::fstat(STDERR_FILENO, &st) != 0) return LogTarget::Console;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) return LogTarget::Console;
  return dev == st.st_dev && ino == st.st_ino ? LogTarget::Journal : LogTarget::Console;
}

void setup_logging(LogTarget target) {
  if (target == LogTarget::Console) return;  // spdlog's default: colour console on stdout
  auto logger = std::make_shared<spdlog::logger>("sitepower", std::make_shared<JournalSink>());
  logger->set_level(spdlog::get_level());
  spdlog::set_default_logger(std::move(logger));
}

void set_log_site(std::string site) {
  const std::lock_guard lock(g_site_mutex);
  g_site = std::move(site);
}

DeviceLogScope::DeviceLogScope(const std::string& device, const std::string& driver)
    : outer_device_(t_device), outer_driver_(t_driver) {
  t_device = &device;
  t_driver = &driver;
}

DeviceLogScope::~DeviceLogScope() {
  t_device = outer_device_;
  t_driver = outer_driver_;
}

std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view message) {
  std::vector<std::string> f{"MESSAGE=" + std::string(message), "PRIORITY=" + std::to_string(syslog_priority(level)),
                             "SYSLOG_IDENTIFIER=sitepower-agent"};
  {
    const std::lock_guard lock(g_site_mutex);
    if (!g_site.empty()) f.push_back("SITEPOWER_SITE=" + g_site);
  }
  if (t_device) f.push_back("SITEPOWER_DEVICE=" + *t_device);
  if (t_driver) f.push_back("SITEPOWER_DRIVER=" + *t_driver);
  return f;
}

}  // namespace sitepower
