#include "scrape_readings.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "reading_math.h"

namespace sitepower::prometheus {
namespace {

Reading bad(const std::string& channel, const SeriesMap& m, std::string why) {
  return {channel, m.quantity, 0, m.unit, Quality::Bad, std::move(why)};
}

// Why every reading of `m` is bad this scrape, if a line about its metric did not parse.
std::string bad_line_reason(const SeriesMap& m, const Exposition& scrape) {
  for (const BadLine& b : scrape.bad_lines) {
    if (b.metric == m.metric) return fmt::format("line {} of the scrape ({}) unparsable: {}", b.line, m.metric, b.reason);
  }
  return "";
}

// `whole`: why every series is bad at once (the metric missing or unparsable), if so.
Reading sum_of(const SeriesMap& m, const std::map<std::string, Reading>& readings, const std::string& whole) {
  Reading sum{m.sum->name.channel, m.sum->name.quantity, 0, m.unit, Quality::Good, ""};
  sum.rollup = m.sum->rollup;
  std::size_t good = 0;
  std::string first_error;
  for (const auto& [channel, r] : readings) {
    if (r.quality == Quality::Good) {
      sum.value += r.value;
      ++good;
    } else if (first_error.empty()) {
      first_error = channel + ": " + r.error;
    }
  }
  if (!whole.empty()) {
    sum.quality = Quality::Bad;
    sum.error = whole;
    sum.value = 0;
  } else if (good == 0) {
    sum.quality = Quality::Bad;
    sum.error = fmt::format("all {} series bad ({})", readings.size(), first_error);
    sum.value = 0;
  } else if (good < readings.size()) {
    sum.quality = Quality::Partial;
    sum.error = fmt::format("{} of {} series bad ({})", readings.size() - good, readings.size(), first_error);
  }
  return sum;
}

void map_series(const SeriesMap& m, const Exposition& scrape, std::set<std::string>& seen, std::vector<Reading>& out) {
  std::map<std::string, Reading> readings;
  std::map<std::string, int> count;
  for (const Sample& s : scrape.samples) {
    if (!m.matches(s)) continue;
    const std::string channel = m.channel_of(s);
    if (++count[channel] > 1) {
      readings.insert_or_assign(channel, bad(channel, m, fmt::format("{} series of {} map to channel {} (narrow them with match:)",
                                                                     count[channel], m.metric, channel)));
      continue;
    }
    Reading r{channel, m.quantity, s.value * m.scale / m.divide, m.unit, Quality::Good, ""};
    if (!std::isfinite(r.value)) r = bad(channel, m, fmt::format("{} is {} (line {})", m.metric, s.value, s.line));
    readings.emplace(channel, std::move(r));
  }
  const bool absent = readings.empty();
  for (const auto& [channel, _] : readings) seen.insert(channel);
  const std::string missing = "metric " + m.metric + " not in the scrape";
  for (const std::string& channel : seen) {
    if (!readings.count(channel)) {
      readings.emplace(channel, bad(channel, m, absent ? missing : "no series of " + m.metric + " for channel " + channel));
    }
  }
  if (!m.per_series() && readings.empty()) readings.emplace(m.channel, bad(m.channel, m, missing));
  const std::string unparsable = bad_line_reason(m, scrape);
  if (!unparsable.empty()) {
    for (auto& [channel, r] : readings) r = bad(channel, m, unparsable);
  }
  Reading sum;
  if (m.sum) sum = sum_of(m, readings, !unparsable.empty() ? unparsable : absent ? missing : "");
  for (auto& [_, r] : readings) out.push_back(std::move(r));
  if (m.sum) out.push_back(std::move(sum));
}

Reading difference(const Difference& d, const std::vector<Reading>& readings) {
  Reading r = difference_reading(d.result.name.channel, d.result.name.quantity,
                                 find_reading(readings, d.of.channel, d.of.quantity), d.of.channel + "/" + d.of.quantity,
                                 find_reading(readings, d.minus.channel, d.minus.quantity),
                                 d.minus.channel + "/" + d.minus.quantity);
  r.rollup = d.result.rollup;
  return r;
}

}  // namespace

std::vector<Reading> scrape_readings(const Mapping& mapping, const Exposition& scrape, ChannelMemory& memory) {
  memory.seen.resize(mapping.series.size());
  std::vector<Reading> out;
  for (std::size_t i = 0; i < mapping.series.size(); ++i) map_series(mapping.series[i], scrape, memory.seen[i], out);
  for (const Difference& d : mapping.differences) out.push_back(difference(d, out));
  return out;
}

}  // namespace sitepower::prometheus
