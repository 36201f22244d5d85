#include "reading_store.h"

#include <algorithm>

namespace sitepower {

void ReadingStore::declare(const std::string& id, const std::string& driver, std::chrono::milliseconds stale_after,
                           WallTime now) {
  auto [it, added] = devices_.try_emplace(id);
  it->second.driver = driver;
  it->second.stale_after = stale_after;
  if (!added) return;
  order_.push_back(id);
  it->second.since = now;
}

void ReadingStore::update(const std::string& device, const PollResult& result, SteadyTime at, WallTime wall) {
  auto [it, added] = devices_.try_emplace(device);
  if (added) order_.push_back(device);
  Device& d = it->second;
  const Quality before = device_quality(d, at);
  if (!result.error.empty()) {
    ++d.failed_polls;
    d.last_error = result.error;
  } else {
    d.answered = true;
    d.failed_polls = 0;
    d.last_error.clear();
    d.last_answer = at;
    d.last_answer_wall = wall;
    const auto usable = std::find_if(result.readings.begin(), result.readings.end(),
                                     [](const Reading& r) { return has_value(r.quality); });
    d.all_bad = usable == result.readings.end();
    d.bad_error = result.readings.empty() ? "the device answered with no values" : result.readings.front().error;
    for (const Reading& r : result.readings) {
      values_[{device, r.channel, r.quantity}] = StoredReading{device, r, at, wall};
    }
  }
  const Quality after = device_quality(d, at);
  if (after != before) d.since = wall;
}

Quality ReadingStore::device_quality(const Device& d, SteadyTime now) const {
  if (!d.answered) return Quality::Missing;
  if (now - d.last_answer > d.stale_after) return Quality::Stale;
  return d.all_bad ? Quality::Bad : Quality::Good;
}

Quality ReadingStore::effective(const StoredReading& r, SteadyTime now, std::string* error) const {
  if (error) *error = r.reading.error;
  if (!has_value(r.reading.quality)) return r.reading.quality;
  const auto it = devices_.find(r.device);
  if (it != devices_.end() && now - r.at > it->second.stale_after) {
    if (error) *error = it->second.failed_polls ? it->second.last_error : "no fresh value";
    return Quality::Stale;
  }
  return r.reading.quality;
}

ReadingStore::Lookup ReadingStore::lookup(const StoredReading& r, SteadyTime now) const {
  Lookup l;
  l.value = r.reading.value;
  l.quality = effective(r, now, &l.error);
  l.estimated = has_value(l.quality) ? r.reading.estimated : 0;
  return l;
}

ReadingStore::Lookup ReadingStore::get(const MeterRef& ref, SteadyTime now) const {
  const auto it = values_.find({ref.device, ref.channel, ref.quantity});
  if (it == values_.end()) return {0, Quality::Missing, absent_reason(ref.device, ref.channel + "/" + ref.quantity)};
  return lookup(it->second, now);
}

std::string ReadingStore::absent_reason(const std::string& device, const std::string& what) const {
  const auto d = devices_.find(device);
  if (d != devices_.end() && d->second.answered) return "device has no " + what;
  if (d != devices_.end() && d->second.failed_polls) return d->second.last_error;
  return "never read";
}

std::vector<ReadingStore::ChannelLookup> ReadingStore::channels_of(const std::string& device,
                                                                   const std::string& quantity, SteadyTime now) const {
  std::vector<ChannelLookup> out;
  for (auto it = values_.lower_bound({device, "", ""}); it != values_.end() && std::get<0>(it->first) == device; ++it) {
    if (std::get<2>(it->first) != quantity) continue;
    out.push_back(ChannelLookup{std::get<1>(it->first), it->second.reading.label, lookup(it->second, now)});
  }
  return out;
}

std::vector<ReadingStore::RollupLookup> ReadingStore::rollups_of(const std::string& device, SteadyTime now) const {
  std::vector<RollupLookup> out;
  for (auto it = values_.lower_bound({device, "", ""}); it != values_.end() && std::get<0>(it->first) == device; ++it) {
    const Reading& r = it->second.reading;
    if (r.rollup) out.push_back(RollupLookup{r.quantity, r.unit, lookup(it->second, now)});
  }
  return out;
}

std::vector<StoredReading> ReadingStore::snapshot(SteadyTime now) const {
  std::vector<StoredReading> out;
  out.reserve(values_.size());
  for (const auto& [key, r] : values_) {
    StoredReading copy = r;
    const Lookup l = lookup(r, now);
    copy.reading.quality = l.quality;
    copy.reading.error = l.error;
    copy.reading.estimated = l.estimated;
    out.push_back(std::move(copy));
  }
  return out;
}

std::vector<DeviceCondition> ReadingStore::devices(SteadyTime now) const {
  std::vector<DeviceCondition> out;
  out.reserve(order_.size());
  for (const std::string& id : order_) {
    const Device& d = devices_.at(id);
    DeviceCondition c{id, d.driver, device_quality(d, now), d.last_error, d.failed_polls, d.since};
    switch (c.quality) {
      case Quality::Stale:
        // Entered by time passing, not by a poll: its moment is known exactly.
        c.since = d.last_answer_wall + std::chrono::duration_cast<WallTime::duration>(d.stale_after);
        if (c.error.empty()) c.error = "no fresh value";
        break;
      case Quality::Bad: c.error = d.bad_error; break;
      case Quality::Missing:
        if (c.error.empty()) c.error = "never read";
        break;
      case Quality::Good:
      case Quality::Estimated:
      case Quality::Partial: break;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace sitepower
