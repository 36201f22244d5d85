#pragma once
// The agent's alarms (issue 16): each cycle's checks (alarm_checks.h) judged
// by a ThresholdAlarm each (hold and hysteresis), giving raise and clear
// events and the set active now. One check, one alarm, named
// "<code>/<subject>" so that its raise and clear share an id.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reading_store.h"
#include "threshold_alarm.h"

namespace sitepower {

enum class AlarmSeverity { Info = 1, Warning = 2, Critical = 3 };

// One condition to watch this cycle, with what the alarm would say.
struct AlarmCheck {
  std::string code;     // headroom_low, device_lost, ... (alarm.proto)
  std::string subject;  // the node or device id, "site", or the agent id
  AlarmSeverity severity = AlarmSeverity::Warning;
  ThresholdAlarm::Direction direction = ThresholdAlarm::Direction::Above;
  double raise_at = 0;
  double clear_at = 0;
  std::chrono::milliseconds hold{0};
  std::optional<double> judged;  // the value judged; nullopt: unknown this cycle (neither raises nor clears)
  double value = 0;              // the value and threshold as the alarm shows them
  double threshold = 0;
  std::string unit;
  std::string text;
  bool possibly_optimistic = false;
};

struct AlarmRecord {
  std::string id;
  std::string code;
  std::string subject;
  AlarmSeverity severity = AlarmSeverity::Warning;
  bool active = false;
  WallTime raised{};
  WallTime cleared{};  // the epoch while active
  WallTime at{};       // this event's time: the raise or the clear
  double value = 0;
  double threshold = 0;
  std::string unit;
  std::string text;
  bool possibly_optimistic = false;
};

class AlarmBook {
 public:
  // Judges this cycle's checks and returns the raises and clears. An alarm
  // whose check is gone (a reload removed its device) is cleared.
  std::vector<AlarmRecord> update(SteadyTime now, WallTime wall, const std::vector<AlarmCheck>& checks);
  // The alarms active now, oldest raise first.
  std::vector<AlarmRecord> active() const;

 private:
  struct Entry {
    ThresholdAlarm judge;
    AlarmRecord record;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace sitepower
