#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "counter.h"
#include "poll_result.h"
#include "site_model.h"

namespace sitepower {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

// A reading as the store keeps it: the driver's value plus when it arrived.
struct StoredReading {
  std::string device;
  Reading reading;
  SteadyTime at{};
  WallTime wall{};
  CounterStep counter{};  // set by CounterWatch on published counters; None otherwise
};

// One device as status reports it, judged by the same rules as its readings:
// GOOD while its last answer is younger than stale_after (a failed poll in
// between does not change that), then STALE; BAD when it answered but every
// value was unusable; MISSING when it never answered.
struct DeviceCondition {
  std::string id;
  std::string driver;
  Quality quality = Quality::Missing;
  std::string error;              // why not GOOD; the last poll's failure even while GOOD
  std::uint64_t failed_polls = 0;  // consecutive failed polls
  WallTime since{};               // when it entered `quality` (declared: when watching began)
  bool demoted = false;           // set by the agent from the scheduler: probed with backoff
};

// The latest value of every (device, channel, quantity). A failed poll keeps
// the last good values until they pass the device's stale_after (which is how
// one missed poll is tolerated); failed polls are counted per device.
class ReadingStore {
 public:
  // `driver` names it in status; its values go stale `stale_after` after its
  // last answer. `now`: when the device starts being watched (the time MISSING begins).
  void declare(const std::string& id, const std::string& driver, std::chrono::milliseconds stale_after,
               WallTime now = {});
  void update(const std::string& device, const PollResult& result, SteadyTime at, WallTime wall);

  struct Lookup {
    double value = 0;
    Quality quality = Quality::Missing;
    std::string error;
    double estimated = 0;  // the estimated part of value (Reading::estimated)
  };
  Lookup get(const MeterRef& ref, SteadyTime now) const;

  // Every `quantity` value of `device`, in channel order, judged as get() does:
  // what an outlet selector chooses from. Empty: see absent_reason().
  struct ChannelLookup {
    std::string channel;
    std::string label;
    Lookup lookup;
  };
  std::vector<ChannelLookup> channels_of(const std::string& device, const std::string& quantity, SteadyTime now) const;
  // `device`'s values marked Reading::rollup, judged as get() does.
  struct RollupLookup {
    std::string quantity;
    std::string unit;
    Lookup lookup;
  };
  std::vector<RollupLookup> rollups_of(const std::string& device, SteadyTime now) const;
  // Why `device` has no value for `what` ("never read", its last poll error, or
  // "device has no <what>" once it answered).
  std::string absent_reason(const std::string& device, const std::string& what) const;

  // Every stored value with its quality as of `now` (stale applied).
  std::vector<StoredReading> snapshot(SteadyTime now) const;
  // Every declared device as of `now`, in the order declared (config order).
  std::vector<DeviceCondition> devices(SteadyTime now) const;

 private:
  struct Device {
    std::string driver;
    std::chrono::milliseconds stale_after{};
    bool answered = false;      // at least one successful poll
    bool all_bad = false;       // the last successful poll had no usable value
    std::string last_error;     // the last failed poll's error, until a poll succeeds
    std::string bad_error;      // why, when all_bad
    std::uint64_t failed_polls = 0;
    SteadyTime last_answer{};
    WallTime last_answer_wall{};
    WallTime since{};           // when a poll last changed its quality
  };
  Quality device_quality(const Device& d, SteadyTime now) const;
  Quality effective(const StoredReading& r, SteadyTime now, std::string* error) const;
  Lookup lookup(const StoredReading& r, SteadyTime now) const;
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, StoredReading> values_;
  std::map<std::string, Device> devices_;
  std::vector<std::string> order_;  // declared ids, config order
};

}  // namespace sitepower
