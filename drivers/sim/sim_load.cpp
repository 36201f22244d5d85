#include "sim_load.h"

#include <cmath>
#include <map>
#include <numbers>

namespace sitepower::sim {
namespace {

std::map<std::string, std::weak_ptr<SimLoad>>& table() {
  static std::map<std::string, std::weak_ptr<SimLoad>> t;
  return t;
}

std::uint64_t seed_from(const std::string& id) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a: a stable seed per device id
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return h | 1;
}

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
  double p = own_power_w(t);
  for (const auto& id : profile_.meters) {
    if (auto child = find(id)) p += child->true_power_w(t);
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

void SimLoad::publish(const std::shared_ptr<SimLoad>& load) { table()[load->id_] = load; }

void SimLoad::withdraw(const SimLoad* load) {
  auto it = table().find(load->id_);
  // After a reload the new device with the same id may already be published.
  if (it != table().end() && (it->second.expired() || it->second.lock().get() == load)) table().erase(it);
}

std::shared_ptr<SimLoad> SimLoad::find(const std::string& id) {
  auto it = table().find(id);
  return it == table().end() ? nullptr : it->second.lock();
}

}  // namespace sitepower::sim
