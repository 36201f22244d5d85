#pragma once
// The walk from /redfish/v1 that finds what to read (plan.h), fed one
// resource at a time by the poller: which BMC family it is (`profile: auto`
// from the service root's Vendor), where to log in, the server's chassis
// power (EnvironmentMetrics, or the older Power resource), its PSUs
// (PowerSubsystem, or Power's PowerSupplies), one chassis per GPU where the
// profile says so, and a rack PDU's metrics and outlets (PowerEquipment).
// Only links to /redfish/v1/... are followed, and at most kMaxResources, so a
// hostile or looping tree ends the walk with an error instead of running on.
// The walk may span polls: it goes on where the last poll's deadline cut it.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "plan.h"
#include "profile.h"
#include "resource.h"

namespace sitepower::redfish {

class Discovery {
 public:
  static constexpr std::size_t kMaxResources = 600;

  // `profile` is used unless one of `candidates` (`profile: auto`) has the
  // service root's Vendor.
  Discovery(Profile profile, const std::vector<Profile>& candidates, bool psus);

  // The next resource to GET; nullopt when the walk is over.
  std::optional<std::string> next() const;
  // The answer to next(): its resource, or why there is none (a 404, a
  // 5xx, not JSON). A link that fails is left out; the walk goes on.
  void on_resource(const Resource& r);
  void on_failure(const std::string& why);

  bool done() const { return steps_.empty(); }
  // Set when the walk found nothing to read, or went over kMaxResources.
  const std::string& error() const { return error_; }
  std::size_t visited() const { return visited_; }
  const Plan& plan() const { return plan_; }
  const Profile& profile() const { return profile_; }
  // The sessions collection to log in at (known after the service root).
  const std::string& sessions_path() const { return sessions_; }
  // What failed along the way ("/redfish/v1/Chassis/1/Power: HTTP 500"), for the log.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  enum class Kind {
    Root, ChassisCollection, Chassis, EnvironmentMetrics, LegacyPower, PowerSubsystem, PowerSupplies,
    PowerSupply, PowerSupplyMetrics, PowerEquipment, RackPdus, RackPdu, PduMetrics, Outlets, Outlet
  };
  struct Step {
    std::string uri;
    Kind kind;
    std::string channel = {};  // the channel the resource's values go to
    std::string label = {};
    bool chassis_power = false;  // LegacyPower: read PowerControl into `channel`
    bool psu_power = false;      // LegacyPower: read PowerSupplies
    std::string fallback = {};   // EnvironmentMetrics without PowerWatts: the chassis' Power
    std::vector<std::string> other_candidates = {};  // Chassis (server): tried next when it has no power
  };

  void root(const Resource& r);
  void chassis_collection(const Resource& r);
  void chassis(const Step& s, const Resource& r);
  void environment_metrics(const Step& s, const Resource& r);
  void legacy_power(const Step& s, const Resource& r);
  void push(Step s);
  void finish_if_done();

  const std::vector<Profile>& candidates_;
  bool psus_;
  Profile profile_;
  std::string sessions_;
  std::deque<Step> steps_;
  std::size_t visited_ = 0;
  std::size_t psu_count_ = 0;
  Plan plan_;
  std::string error_;
  std::vector<std::string> skipped_;
};

}  // namespace sitepower::redfish
