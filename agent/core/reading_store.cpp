#include "reading_store.h"

namespace sitepower {

void ReadingStore::declare(const DeviceConfig& device) {
  DeviceHealth& h = health_[device.id];
  h.driver = device.driver;
  h.stale_after = device.stale_after;
}

void ReadingStore::update(const std::string& device, const PollResult& result, SteadyTime at, WallTime wall) {
  DeviceHealth& h = health_[device];
  if (!result.error.empty()) {
    h.state = DeviceState::Failed;
    h.error = result.error;
    return;
  }
  h.state = DeviceState::Ok;
  h.error.clear();
  h.last_good = at;
  for (const Reading& r : result.readings) {
    values_[{device, r.channel, r.quantity}] = StoredReading{device, r, at, wall};
  }
}

Quality ReadingStore::effective(const StoredReading& r, SteadyTime now, std::string* error) const {
  const auto it = health_.find(r.device);
  if (r.reading.quality != Quality::Good) {
    if (error) *error = r.reading.error;
    return r.reading.quality;
  }
  if (it != health_.end() && now - r.at > it->second.stale_after) {
    if (error) *error = it->second.state == DeviceState::Failed ? it->second.error : "no fresh value";
    return Quality::Stale;
  }
  return Quality::Good;
}

ReadingStore::Lookup ReadingStore::get(const MeterRef& ref, SteadyTime now) const {
  const auto it = values_.find({ref.device, ref.channel, ref.quantity});
  if (it == values_.end()) {
    const auto h = health_.find(ref.device);
    std::string why = "never read";
    if (h != health_.end() && h->second.state == DeviceState::Failed) why = h->second.error;
    else if (h != health_.end() && h->second.state == DeviceState::Ok) why = "device has no " + ref.channel + "/" + ref.quantity;
    return {0, Quality::Missing, why};
  }
  Lookup l;
  l.value = it->second.reading.value;
  l.quality = effective(it->second, now, &l.error);
  return l;
}

bool ReadingStore::is_stale(const std::string& device, SteadyTime now) const {
  const auto it = health_.find(device);
  return it != health_.end() && it->second.state != DeviceState::Missing && now - it->second.last_good > it->second.stale_after;
}

std::vector<StoredReading> ReadingStore::snapshot(SteadyTime now) const {
  std::vector<StoredReading> out;
  out.reserve(values_.size());
  for (const auto& [key, r] : values_) {
    StoredReading copy = r;
    std::string error;
    copy.reading.quality = effective(r, now, &error);
    if (copy.reading.quality != Quality::Good) copy.reading.error = error;
    out.push_back(std::move(copy));
  }
  return out;
}

}  // namespace sitepower
