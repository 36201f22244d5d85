#include "discovery.h"

#include <algorithm>
#include <cctype>

#include "outlet_selector.h"

namespace sitepower::redfish {
namespace {

const std::string kPower = "power";
const std::string kEnergy = "energy_import";

// "HGX_GPU_SXM_2" before "HGX_GPU_SXM_10": Ids compared with their trailing
// number as a number.
bool natural_less(const std::string& a, const std::string& b) {
  auto split = [](const std::string& s) {
    std::size_t i = s.size();
    while (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) --i;
    const std::string digits = s.substr(i);
    return std::pair{s.substr(0, i), digits.empty() || digits.size() > 9 ? -1L : std::stol(digits)};
  };
  return split(a) < split(b);
}

bool matches_any(const std::vector<std::string>& patterns, const std::string& id) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) { return glob_match(p, id); });
}

Value reading(std::string pointer, const std::string& channel, const std::string& quantity, const std::string& label) {
  const bool energy = quantity == kEnergy;
  const std::string unit = energy ? "Wh" : quantity == "current" ? "A" : quantity == "voltage" ? "V" : "W";
  return Value{std::move(pointer), channel, quantity, unit, energy ? 1000.0 : 1.0, label};
}

}  // namespace

Discovery::Discovery(Profile profile, const std::vector<Profile>& candidates, bool psus)
    : candidates_(candidates), psus_(psus), profile_(std::move(profile)) {
  steps_.push_back({"/redfish/v1", Kind::Root});
}

std::optional<std::string> Discovery::next() const {
  if (steps_.empty()) return std::nullopt;
  return steps_.front().uri;
}

void Discovery::push(Step s) { steps_.push_back(std::move(s)); }

void Discovery::on_failure(const std::string& why) {
  if (steps_.empty()) return;
  const Step s = std::move(steps_.front());
  steps_.pop_front();
  ++visited_;
  skipped_.push_back(s.uri + ": " + why);
  if (s.kind == Kind::Root) {
    steps_.clear();
    error_ = "service root /redfish/v1: " + why;
    return;
  }
  // A server chassis that cannot be read: the next candidate may be.
  if (s.kind == Kind::Chassis && !s.other_candidates.empty()) {
    Step other{s.other_candidates.front(), Kind::Chassis, s.channel};
    other.other_candidates.assign(s.other_candidates.begin() + 1, s.other_candidates.end());
    push(std::move(other));
  }
  finish_if_done();
}

void Discovery::on_resource(const Resource& r) {
  if (steps_.empty()) return;
  if (!r.ok()) return on_failure(r.error());
  const Step s = std::move(steps_.front());
  steps_.pop_front();
  ++visited_;
  switch (s.kind) {
    case Kind::Root: root(r); break;
    case Kind::ChassisCollection: chassis_collection(r); break;
    case Kind::Chassis: chassis(s, r); break;
    case Kind::EnvironmentMetrics: environment_metrics(s, r); break;
    case Kind::LegacyPower: legacy_power(s, r); break;
    case Kind::PowerSubsystem:
      if (auto l = r.link("/PowerSupplies")) push({*l, Kind::PowerSupplies});
      break;
    case Kind::PowerSupplies:
      for (const std::string& m : r.members()) {
        push({m, Kind::PowerSupply, "psu" + std::to_string(psu_count_++), last_segment(m)});
      }
      break;
    case Kind::PowerSupply:
      if (auto l = r.link("/Metrics")) push({*l, Kind::PowerSupplyMetrics, s.channel, s.label});
      break;
    case Kind::PowerSupplyMetrics:
      plan_.add(s.uri, reading("/InputPowerWatts/Reading", s.channel, kPower, s.label));
      if (r.has("/EnergykWh")) plan_.add(s.uri, reading("/EnergykWh/Reading", s.channel, kEnergy, s.label));
      break;
    case Kind::PowerEquipment:
      if (auto l = r.link("/RackPDUs")) push({*l, Kind::RackPdus});
      break;
    case Kind::RackPdus: {
      // One rack PDU per device: a Redfish PDU's service is its own.
      const auto members = r.members();
      if (!members.empty()) push({members.front(), Kind::RackPdu});
      break;
    }
    case Kind::RackPdu:
      if (auto l = r.link("/Metrics")) push({*l, Kind::PduMetrics, "total"});
      if (auto l = r.link("/Outlets")) push({*l, Kind::Outlets});
      break;
    case Kind::PduMetrics:
      plan_.add(s.uri, reading("/PowerWatts/Reading", s.channel, kPower, ""));
      if (r.has("/EnergykWh")) plan_.add(s.uri, reading("/EnergykWh/Reading", s.channel, kEnergy, ""));
      break;
    case Kind::Outlets: {
      // Outlet N is the Nth of the collection, as the BMC orders it; its
      // label is its UserLabel (else its Name), for `outlets: {label: ...}`.
      int n = 0;
      for (const std::string& m : r.members()) push({m, Kind::Outlet, "outlet" + std::to_string(++n)});
      break;
    }
    case Kind::Outlet: {
      std::string label = r.text("/UserLabel");
      if (label.empty()) label = r.text("/Name");
      plan_.add(s.uri, reading("/PowerWatts/Reading", s.channel, kPower, label));
      for (const auto& [property, quantity] : {std::pair{"CurrentAmps", "current"}, std::pair{"Voltage", "voltage"},
                                              std::pair{"EnergykWh", kEnergy.c_str()}}) {
        const std::string pointer = std::string("/") + property;
        if (r.has(pointer)) plan_.add(s.uri, reading(pointer + "/Reading", s.channel, quantity, label));
      }
      break;
    }
  }
  if (visited_ >= kMaxResources && !steps_.empty()) {
    steps_.clear();
    error_ = "the BMC's tree has more than " + std::to_string(kMaxResources) + " resources on the way: walk stopped";
    return;
  }
  finish_if_done();
}

void Discovery::root(const Resource& r) {
  const std::string vendor = r.text("/Vendor");
  for (const Profile& p : candidates_) {
    if (!vendor.empty() && p.vendor == vendor) profile_ = p;
  }
  sessions_ = profile_.sessions;
  if (sessions_.empty()) sessions_ = r.link("/Links/Sessions").value_or("/redfish/v1/SessionService/Sessions");
  if (auto l = r.link("/Chassis")) push({*l, Kind::ChassisCollection});
  if (auto l = r.link("/PowerEquipment")) push({*l, Kind::PowerEquipment});
}

void Discovery::chassis_collection(const Resource& r) {
  const std::vector<std::string> members = r.members();
  std::vector<std::string> servers;
  for (const std::string& pattern : profile_.chassis) {
    for (const std::string& m : members) {
      if (glob_match(pattern, last_segment(m)) && std::find(servers.begin(), servers.end(), m) == servers.end() &&
          !matches_any(profile_.gpu_chassis, last_segment(m))) {
        servers.push_back(m);
      }
    }
  }
  if (!servers.empty()) {
    Step server{servers.front(), Kind::Chassis, "chassis"};
    server.other_candidates.assign(servers.begin() + 1, servers.end());
    push(std::move(server));
  }
  std::vector<std::string> gpus;
  for (const std::string& m : members) {
    if (matches_any(profile_.gpu_chassis, last_segment(m))) gpus.push_back(m);
  }
  std::sort(gpus.begin(), gpus.end(),
            [](const std::string& a, const std::string& b) { return natural_less(last_segment(a), last_segment(b)); });
  for (std::size_t i = 0; i < gpus.size(); ++i) {
    push({gpus[i], Kind::Chassis, "gpu" + std::to_string(i), last_segment(gpus[i])});
  }
}

void Discovery::chassis(const Step& s, const Resource& r) {
  const auto environment = r.link("/EnvironmentMetrics");
  const auto power = r.link("/Power");
  const auto subsystem = r.link("/PowerSubsystem");
  const bool server = s.channel == "chassis";
  if (!environment && !power) {
    if (server && !s.other_candidates.empty()) {
      Step other{s.other_candidates.front(), Kind::Chassis, s.channel};
      other.other_candidates.assign(s.other_candidates.begin() + 1, s.other_candidates.end());
      push(std::move(other));
    }
    return;
  }
  if (server) plan_.server = true;
  if (!server) plan_.gpu_channels.push_back(s.channel);
  const bool legacy_psus = server && psus_ && !subsystem && power;
  if (environment) {
    Step e{*environment, Kind::EnvironmentMetrics, s.channel, s.label};
    e.fallback = power.value_or("");
    push(std::move(e));
    if (legacy_psus) {
      Step p{*power, Kind::LegacyPower, s.channel, s.label};
      p.psu_power = true;
      push(std::move(p));
    }
  } else {
    Step p{*power, Kind::LegacyPower, s.channel, s.label};
    p.chassis_power = true;
    p.psu_power = legacy_psus;
    push(std::move(p));
  }
  if (server && psus_ && subsystem) push({*subsystem, Kind::PowerSubsystem});
}

void Discovery::environment_metrics(const Step& s, const Resource& r) {
  // EnvironmentMetrics without PowerWatts (some BMCs give only temperatures
  // there): the chassis' power comes from its Power resource when it has one.
  if (!r.has("/PowerWatts") && !s.fallback.empty()) {
    Step p{s.fallback, Kind::LegacyPower, s.channel, s.label};
    p.chassis_power = true;
    push(std::move(p));
    return;
  }
  plan_.add(s.uri, reading("/PowerWatts/Reading", s.channel, kPower, s.label));
  if (r.has("/EnergykWh")) plan_.add(s.uri, reading("/EnergykWh/Reading", s.channel, kEnergy, s.label));
}

void Discovery::legacy_power(const Step& s, const Resource& r) {
  if (s.chassis_power) plan_.add(s.uri, reading("/PowerControl/0/PowerConsumedWatts", s.channel, kPower, s.label));
  if (!s.psu_power) return;
  const std::size_t n = r.array_size("/PowerSupplies");
  for (std::size_t i = 0; i < n; ++i) {
    const std::string at = "/PowerSupplies/" + std::to_string(i);
    std::string label = r.text(at + "/MemberId");
    if (label.empty()) label = r.text(at + "/Name");
    plan_.add(s.uri, reading(at + "/PowerInputWatts", "psu" + std::to_string(psu_count_++), kPower, label));
  }
}

void Discovery::finish_if_done() {
  if (!steps_.empty() || !error_.empty()) return;
  if (plan_.sources.empty()) error_ = "no power readings found under /redfish/v1 (profile " + profile_.name + ")";
}

}  // namespace sitepower::redfish
