#include "plan_readings.h"

#include "quality_sum.h"
#include "reading_math.h"

namespace sitepower::redfish {
namespace {

Reading of(const Value& v) {
  Reading r{v.channel, v.quantity, 0, v.unit, Quality::Good, ""};
  r.label = v.label;
  return r;
}

}  // namespace

void add_source_readings(const Source& source, const Resource& doc, std::vector<Reading>& out) {
  if (!doc.ok()) return add_source_failed(source, source.uri + ": " + doc.error(), out);
  for (const Value& v : source.values) {
    Reading r = of(v);
    const Number n = doc.number(v.pointer);
    if (n.ok()) {
      r.value = n.value * v.scale;
    } else {
      r.quality = Quality::Bad;
      r.error = source.uri + " " + v.pointer.substr(1) + ": " + n.why();
    }
    out.push_back(std::move(r));
  }
}

void add_source_failed(const Source& source, const std::string& why, std::vector<Reading>& out) {
  for (const Value& v : source.values) {
    Reading r = of(v);
    r.quality = Quality::Bad;
    r.error = why;
    out.push_back(std::move(r));
  }
}

void add_server_figures(const Plan& plan, std::vector<Reading>& out) {
  if (plan.gpu_channels.empty()) return;
  QualitySum gpus;
  for (const std::string& channel : plan.gpu_channels) {
    const Reading* g = find_reading(out, channel, "power");
    if (g) {
      gpus.add(g->value, 0, g->quality, channel);
    } else {
      gpus.add(0, 0, Quality::Missing, channel);
    }
  }
  Reading sum = sum_reading("server", "gpu_power", "W", gpus);
  sum.rollup = true;
  if (plan.server) {
    Reading non_gpu = difference_reading("server", "non_gpu_power", find_reading(out, "chassis", "power"),
                                         "chassis/power", &sum, "server/gpu_power");
    non_gpu.rollup = true;
    out.push_back(std::move(sum));
    out.push_back(std::move(non_gpu));
  } else {
    out.push_back(std::move(sum));
  }
}

}  // namespace sitepower::redfish
