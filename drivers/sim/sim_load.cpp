#include "sim_load.h"

#include <cmath>
#include <map>
#include <numbers>
#include <set>

#include "fnv1a.h"

namespace sitepower::sim {
namespace {

// Per id, every load published under it, newest last: a config being loaded
// (a reload, possibly rejected) publishes over the running one, and its
// withdrawal must bring the running one back.
std::map<std::string, std::vector<std::weak_ptr<SimLoad>>>& table() {
  static std::map<std::string, std::vector<std::weak_ptr<SimLoad>>> t;
  return t;
}

std::uint64_t seed_from(const std::string& id) { return fnv1a_64(id) | 1; }  // stable per device id

}  // namespace

SimLoad::SimLoad(std::string id, LoadProfile profile, Clock::time_point epoch)
    : id_(std::move(id)), profile_(std::move(profile)), epoch_(epoch), rng_(seed_from(id_)) {}

double SimLoad::seconds_since_start(Clock::time_point t) const {
  return std::chrono::duration<double>(t - epoch_).count();
}

double SimLoad::own_power_w(Clock::time_point t) const {
  const double s = seconds_since_start(t);
  double p = profile_.power_w;
  if (profile_.swing_w != 0) p += profile_.swing_w * std::sin(2 * std::numbers::pi * s / profile_.swing_period_s);
  if (profile_.curtail_after_s && s > *profile_.curtail_after_s) {
    const double ramp = profile_.curtail_ramp_s > 0 ? profile_.curtail_ramp_s : 1e-9;
    const double f = std::min(1.0, (s - *profile_.curtail_after_s) / ramp);
    p = p + (profile_.curtail_to_w - p) * f;
  }
  return p;
}

double SimLoad::true_power_w(Clock::time_point t) const {
  // Each load under this meter counted once, walked with an explicit stack:
  // the config loader refuses loops, and this stays bounded even without it.
  double p = 0;
  std::set<const SimLoad*> seen{this};
  std::vector<std::shared_ptr<const SimLoad>> pending{shared_from_this()};
  while (!pending.empty()) {
    const auto load = std::move(pending.back());
    pending.pop_back();
    p += load->own_power_w(t);
    for (const auto& id : load->profile_.meters) {
      auto child = find(id);
      if (child && seen.insert(child.get()).second) pending.push_back(std::move(child));
    }
  }
  return p;
}

double SimLoad::measured_power_w(Clock::time_point t) {
  const double p = true_power_w(t);
  if (profile_.noise_pct == 0) return p;
  rng_ ^= rng_ << 13;  // xorshift64: cheap, deterministic per device
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  const double u = static_cast<double>(rng_ >> 11) / static_cast<double>(1ULL << 53) * 2.0 - 1.0;
  return p * (1.0 + u * profile_.noise_pct / 100.0);
}

void SimLoad::publish(const std::shared_ptr<SimLoad>& load) { table()[load->id_].push_back(load); }

void SimLoad::withdraw(const SimLoad* load) {
  auto it = table().find(load->id_);
  if (it == table().end()) return;
  std::erase_if(it->second, [load](const std::weak_ptr<SimLoad>& w) { return w.expired() || w.lock().get() == load; });
  if (it->second.empty()) table().erase(it);
}

std::shared_ptr<SimLoad> SimLoad::find(const std::string& id) {
  auto it = table().find(id);
  if (it == table().end()) return nullptr;
  for (auto w = it->second.rbegin(); w != it->second.rend(); ++w) {
    if (auto load = w->lock()) return load;
  }
  return nullptr;
}

}  // namespace sitepower::sim
