#include "publish_failure_log.h"

#include <spdlog/spdlog.h>

namespace sitepower {

void PublishFailureLog::failed(const std::string& broker, std::uint64_t id, const std::string& why) {
  ++count_;
  if (why == last_) {
    spdlog::debug("mqtt: message {} not accepted either: {}", id, why);
    return;
  }
  last_ = why;
  spdlog::error("mqtt: {} did not accept message {}: {}; it stays in the outbox and is sent again after the next "
                "reconnect (logged once until publishes are accepted again)", broker, id, why);
}

void PublishFailureLog::accepted(const std::string& broker) {
  if (count_ > 0) spdlog::info("mqtt: {} accepts publishes again ({} not accepted before: {})", broker, count_, last_);
  count_ = 0;
  last_.clear();
}

}  // namespace sitepower
