#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sitepower/v1/status.pb.h"
#include "sitepower/v1/telemetry.pb.h"

namespace sitepower {

// What a consumer must do after a replay: keep one message per
// (agent_id, boot_id, sequence), and notice sequences that never came.
// Every boot's telemetry starts at sequence 1, and its final OFFLINE status
// names the last sequence it published (Status.last_telemetry_sequence), so
// a lost first or last message is a gap like a hole in the middle.
class StreamCheck {
 public:
  // since_start: the check began before every boot it sees, so a stream
  // first seen above sequence 1 lost its head. Without it such a stream
  // "joined at N": not counted as missing, and not reported as whole either.
  explicit StreamCheck(bool since_start = false) : since_start_(since_start) {}

  // Records one telemetry message; false if it was a duplicate (drop it).
  // `decoded`: false for a compact message whose catalogue was not at hand
  // (it arrived, but its readings could not be read: counted apart).
  bool add(const v1::Origin& origin, bool decoded = true);
  // Records a status: OFFLINE (final, or the broker's last will) ends the
  // boot; ONLINE after it means that OFFLINE was a will sent while the agent
  // was only cut off (a broker restart), and the boot runs on. True if the
  // boot is new or its state changed.
  bool add_status(const v1::Status& status);

  std::uint64_t missing() const;     // over all streams
  std::uint64_t duplicates() const;  // over all streams
  std::uint64_t undecoded() const;   // over all streams
  // One paragraph per (agent, boot) with telemetry: counts, range, each gap,
  // and how the boot ended.
  std::string report() const;

 private:
  struct Stream {
    std::set<std::uint64_t> seen;
    std::uint64_t received = 0;
    std::uint64_t undecoded = 0;      // compact messages without their catalogue
    bool offline = false;             // the last status seen was OFFLINE
    std::uint64_t last_sequence = 0;  // from that OFFLINE status; 0: not known
  };
  // The missing sequences of one stream, by where they are.
  struct Holes {
    std::uint64_t head = 0;   // 1..first-1, counted only since_start
    std::uint64_t inner = 0;  // between the first and the last seen
    std::uint64_t tail = 0;   // after the last seen, up to the announced end
    std::uint64_t total() const { return head + inner + tail; }
  };
  Holes holes_in(const Stream& s) const;
  bool end_known(const Stream& s) const;
  std::string describe(const std::pair<std::string, std::string>& key, const Stream& s) const;

  bool since_start_;
  std::map<std::pair<std::string, std::string>, Stream> streams_;  // by (agent_id, boot_id)
};

}  // namespace sitepower
