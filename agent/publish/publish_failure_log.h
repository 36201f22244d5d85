#pragma once
#include <cstdint>
#include <string>

namespace sitepower {

// Refused or unacknowledged publishes, logged once per distinct reason until
// a publish is accepted again (then one line with the count): a denial
// repeats for every cycle, and a dropped connection fails the whole window.
class PublishFailureLog {
 public:
  // `broker` did not accept outbox message `id`, for `why`.
  void failed(const std::string& broker, std::uint64_t id, const std::string& why);
  // `broker` accepted a publish.
  void accepted(const std::string& broker);

 private:
  std::string last_;         // the reason logged loudly last
  std::uint64_t count_ = 0;  // since the last accepted publish
};

}  // namespace sitepower
