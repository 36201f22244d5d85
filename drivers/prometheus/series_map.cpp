#include "series_map.h"

#include <algorithm>

#include "section.h"

namespace sitepower::prometheus {
namespace {

bool valid_name(const std::string& name, bool colons) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':') ||
                    (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// "chassis/power" as a channel and a quantity.
ChannelQuantity reading_ref(Section& s, const std::string& key) {
  const std::string ref = s.require_string(key, 128);
  const auto slash = ref.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == ref.size() || ref.find('/', slash + 1) != std::string::npos) {
    s.fail_value(key, "CHANNEL/QUANTITY of a reading the mapping fixes, e.g. server/gpu_power");
  }
  return {ref.substr(0, slash), ref.substr(slash + 1)};
}

// `sum: gpus` (that channel, the series' quantity), or `sum: {channel: server,
// quantity: gpu_power, rollup: true}`; nullopt without `sum`.
std::optional<DerivedReading> read_sum(Section& s, const std::string& series_quantity) {
  static constexpr const char* kChannelExpected = "a channel name without {label}";
  if (!s.has("sum")) return std::nullopt;
  if (!s.has_mapping("sum")) {
    DerivedReading sum{{s.require_string("sum", 128), series_quantity}};
    if (sum.name.channel.find('{') != std::string::npos) s.fail_value("sum", kChannelExpected);
    return sum;
  }
  Section m = s.require_section("sum");
  DerivedReading sum{{m.require_string("channel", 128), m.get_string("quantity", series_quantity, 64)},
                     m.get_bool("rollup", false)};
  if (sum.name.channel.find('{') != std::string::npos) m.fail_value("channel", kChannelExpected);
  m.finish();
  return sum;
}

// How many sums and differences of `m` are rollups of `quantity`.
std::size_t rollups_of(const Mapping& m, const std::string& quantity) {
  std::size_t n = 0;
  for (const SeriesMap& x : m.series) n += x.sum && x.sum->rollup && x.sum->name.quantity == quantity;
  for (const Difference& d : m.differences) n += d.result.rollup && d.result.name.quantity == quantity;
  return n;
}
constexpr const char* kOneRollupExpected =
    "one rollup per quantity in a device's mapping (the split would add both): another channel or quantity";

SeriesMap read_series(Section& s) {
  SeriesMap m;
  m.metric = s.require_string("metric", 256);
  if (!valid_name(m.metric, true)) s.fail_value("metric", "a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  for (const std::string& item : s.get_string_list("match")) {
    const auto eq = item.find('=');
    const std::string name = item.substr(0, eq);
    if (eq == std::string::npos || !valid_name(name, false)) {
      s.fail_value("match", "a list of LABEL=VALUE, e.g. [Hostname=dgx-07]");
    }
    m.match.push_back({name, item.substr(eq + 1)});
  }
  m.quantity = s.require_string("quantity", 64);
  m.unit = s.get_string("unit", "", 16);
  m.scale = s.get_number("scale", 1, -1e12, 1e12);
  m.divide = s.get_number("divide", 1, 1e-12, 1e12);
  m.channel = s.get_string("channel", "total", 128);
  for (const std::string& label : m.channel_labels()) {
    if (!valid_name(label, false)) s.fail_value("channel", "a channel name, with {label} parts naming labels, e.g. gpu{gpu}");
  }
  m.sum = read_sum(s, m.quantity);
  s.finish();
  return m;
}

}  // namespace

std::vector<std::string> SeriesMap::channel_labels() const {
  std::vector<std::string> out;
  for (std::size_t at = channel.find('{'); at != std::string::npos; at = channel.find('{', at + 1)) {
    const auto end = channel.find('}', at);
    out.push_back(channel.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1));
    if (end == std::string::npos) out.back() += "{";  // no closing brace: never a valid label name
  }
  return out;
}

std::string SeriesMap::channel_of(const Sample& s) const {
  std::string out;
  for (std::size_t i = 0; i < channel.size(); ++i) {
    if (channel[i] != '{') {
      out += channel[i];
      continue;
    }
    const auto end = channel.find('}', i);
    const std::string* value = s.label(std::string_view(channel).substr(i + 1, end - i - 1));
    out += value ? *value : "";
    i = end;
  }
  return out;
}

bool SeriesMap::matches(const Sample& s) const {
  if (s.metric != metric) return false;
  for (const Label& l : match) {
    const std::string* value = s.label(l.name);
    if (!value || *value != l.value) return false;
  }
  for (const std::string& name : channel_labels()) {
    if (!s.label(name)) return false;
  }
  return true;
}

std::vector<ChannelQuantity> Mapping::fixed_channels() const {
  std::vector<ChannelQuantity> out;
  for (const SeriesMap& m : series) {
    if (!m.per_series()) out.push_back({m.channel, m.quantity});
    if (m.sum) out.push_back(m.sum->name);
  }
  for (const Difference& d : differences) out.push_back(d.result.name);
  return out;
}

void add_mappings(Section& s, Mapping& into) {
  for (Section& item : s.get_list("series")) {
    SeriesMap m = read_series(item);
    const std::optional<DerivedReading> sum = m.sum;
    const auto same = std::find_if(into.series.begin(), into.series.end(), [&](const SeriesMap& x) {
      return x.channel == m.channel && x.quantity == m.quantity;
    });
    if (same != into.series.end()) {
      *same = std::move(m);
    } else {
      into.series.push_back(std::move(m));
    }
    if (sum && sum->rollup && rollups_of(into, sum->name.quantity) > 1) item.fail_value("sum", kOneRollupExpected);
  }
  for (Section& item : s.get_list("differences")) {
    Difference d;
    d.result.name.channel = item.require_string("channel", 128);
    d.result.name.quantity = item.require_string("quantity", 64);
    d.result.rollup = item.get_bool("rollup", false);
    d.of = reading_ref(item, "of");
    d.minus = reading_ref(item, "minus");
    const std::vector<ChannelQuantity> fixed = into.fixed_channels();
    for (const char* key : {"of", "minus"}) {
      const ChannelQuantity& ref = std::string(key) == "of" ? d.of : d.minus;
      if (std::find(fixed.begin(), fixed.end(), ref) == fixed.end()) {
        item.fail_value(key, "a reading the series above fix (a fixed channel or a sum), e.g. server/gpu_power");
      }
    }
    item.finish();
    into.differences.push_back(std::move(d));
    if (into.differences.back().result.rollup && rollups_of(into, into.differences.back().result.name.quantity) > 1) {
      item.fail_value("quantity", kOneRollupExpected);
    }
  }
}

Mapping load_profile(const std::string& path) {
  Section top = load_yaml_file(path);
  top.require_string("name", 64);
  Mapping m;
  add_mappings(top, m);
  if (m.series.empty()) top.fail("series", "at least one series");
  top.finish();
  return m;
}

}  // namespace sitepower::prometheus
