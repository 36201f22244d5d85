#include "alarm_book.h"

#include <algorithm>
#include <set>

namespace sitepower {
namespace {

void describe(AlarmRecord& r, const AlarmCheck& c) {
  r.code = c.code;
  r.subject = c.subject;
  r.severity = c.severity;
  r.value = c.value;
  r.threshold = c.threshold;
  r.unit = c.unit;
  r.text = c.text;
  r.possibly_optimistic = c.possibly_optimistic;
}

}  // namespace

std::vector<AlarmRecord> AlarmBook::update(SteadyTime now, WallTime wall, const std::vector<AlarmCheck>& checks) {
  std::vector<AlarmRecord> events;
  std::set<std::string> seen;
  for (const AlarmCheck& c : checks) {
    const std::string id = c.code + "/" + c.subject;
    seen.insert(id);
    auto it = entries_.find(id);
    if (it == entries_.end()) {
      it = entries_.emplace(id, Entry{ThresholdAlarm(c.direction, c.raise_at, c.clear_at, c.hold), {}}).first;
      it->second.record.id = id;
    }
    Entry& e = it->second;
    e.judge.retune(c.raise_at, c.clear_at, c.hold);  // a reload may move a threshold; the state stays
    const ThresholdAlarm::Change change = e.judge.update(now, c.judged);
    if (change == ThresholdAlarm::Change::None) continue;
    describe(e.record, c);
    e.record.at = wall;
    e.record.active = change == ThresholdAlarm::Change::Raised;
    if (e.record.active) {
      e.record.raised = wall;
      e.record.cleared = {};
    } else {
      e.record.cleared = wall;
    }
    events.push_back(e.record);
  }
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (seen.count(it->first)) {
      ++it;
      continue;
    }
    if (it->second.record.active) {
      AlarmRecord r = it->second.record;
      r.active = false;
      r.cleared = r.at = wall;
      r.text = "no longer watched (the config changed): " + r.text;
      events.push_back(r);
    }
    it = entries_.erase(it);
  }
  return events;
}

std::vector<AlarmRecord> AlarmBook::active() const {
  std::vector<AlarmRecord> out;
  for (const auto& [id, e] : entries_) {
    if (e.record.active) out.push_back(e.record);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.raised < b.raised; });
  return out;
}

}  // namespace sitepower
