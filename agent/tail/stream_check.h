#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// What a consumer must do after a replay: keep one message per
// (agent_id, boot_id, sequence), and notice sequences that never came.
// A sequence below the first one seen is not a gap (the consumer may have
// joined late); a hole between the first and the last one seen is.
class StreamCheck {
 public:
  // Records one message; false if it was a duplicate (drop it).
  bool add(const v1::Origin& origin);

  std::uint64_t missing() const;     // over all streams
  std::uint64_t duplicates() const;  // over all streams
  // One paragraph per (agent, boot): counts, range, and each gap.
  std::string report() const;

 private:
  struct Stream {
    std::set<std::uint64_t> seen;
    std::uint64_t received = 0;
  };
  static std::uint64_t missing_in(const Stream& s);
  std::map<std::pair<std::string, std::string>, Stream> streams_;  // by (agent_id, boot_id)
};

}  // namespace sitepower
