// Series maps to readings: channels from labels, sums, differences and every
// quality rule (scrape_readings.h), on text alone.
#include <gtest/gtest.h>

#include "dcgm_exposition.h"
#include "driver_harness.h"
#include "scrape_readings.h"
#include "section.h"

namespace sitepower::prometheus {
namespace {

using test::find_reading;

Mapping chassis_and_gpus() {
  Section s = load_yaml_text(R"(
series:
  - {metric: DCGM_FI_DEV_POWER_USAGE, quantity: power, unit: W, channel: "gpu{gpu}",
     sum: {channel: server, quantity: gpu_power, rollup: true}}
  - {metric: DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, quantity: energy_import, unit: Wh, divide: 3600000, channel: "gpu{gpu}", sum: gpus}
  - {metric: ipmi_dcmi_power_consumption_watts, quantity: power, unit: W, channel: chassis}
differences:
  - {channel: server, quantity: non_gpu_power, of: chassis/power, minus: server/gpu_power, rollup: true}
)", "test.yaml");
  Mapping m;
  add_mappings(s, m);
  return m;
}

PollResult scrape(const Mapping& m, const std::string& text, ChannelMemory& memory) {
  return {scrape_readings(m, parse_exposition(text), memory), ""};
}

TEST(ScrapeReadings, GpusChassisAndTheNonGpuDifference) {
  ChannelMemory memory;
  test::DcgmServer server;
  server.chassis_w = 7900;
  const PollResult r = scrape(chassis_and_gpus(), test::dcgm_exposition(server), memory);
  EXPECT_EQ(r.readings.size(), 2u * 9 + 2);
  EXPECT_DOUBLE_EQ(find_reading(r, "gpu2", "power")->value, 712);
  EXPECT_DOUBLE_EQ(find_reading(r, "server", "gpu_power")->value, 5600);
  EXPECT_DOUBLE_EQ(find_reading(r, "gpu0", "energy_import")->value, 1000);  // 3.6e9 mJ = 1 kWh
  EXPECT_DOUBLE_EQ(find_reading(r, "gpus", "energy_import")->value, 8000);
  EXPECT_DOUBLE_EQ(find_reading(r, "chassis", "power")->value, 7900);
  const Reading* non_gpu = find_reading(r, "server", "non_gpu_power");
  EXPECT_DOUBLE_EQ(non_gpu->value, 2300);
  EXPECT_EQ(non_gpu->unit, "W");
  for (const Reading& x : r.readings) EXPECT_EQ(x.quality, Quality::Good) << x.channel << "/" << x.quantity;
}

TEST(ScrapeReadings, TheServersFleetFiguresAreRollupsAndNothingElseIs) {
  ChannelMemory memory;
  test::DcgmServer server;
  server.chassis_w = 7900;
  const PollResult r = scrape(chassis_and_gpus(), test::dcgm_exposition(server), memory);
  std::vector<std::string> rollups;
  for (const Reading& x : r.readings) {
    if (x.rollup) rollups.push_back(x.channel + "/" + x.quantity);
  }
  // The chassis power is what `reported:` names, a sum without the flag a plain reading.
  EXPECT_EQ(rollups, (std::vector<std::string>{"server/gpu_power", "server/non_gpu_power"}));
}

TEST(ScrapeReadings, NanGpuMakesTheSumAndTheDifferencePartial) {
  ChannelMemory memory;
  test::DcgmServer server;
  server.chassis_w = 7900;
  std::string text = test::dcgm_exposition(server);
  const std::string gpu3 = "Hostname=\"dgx-07\",DCGM_FI_DRIVER_VERSION=\"550.54.15\"} 698.000000";
  text.replace(text.find(gpu3) + gpu3.size() - 10, 10, "NaN");
  const PollResult r = scrape(chassis_and_gpus(), text, memory);
  EXPECT_EQ(find_reading(r, "gpu3", "power")->quality, Quality::Bad);
  EXPECT_NE(find_reading(r, "gpu3", "power")->error.find("DCGM_FI_DEV_POWER_USAGE is nan"), std::string::npos);
  const Reading* sum = find_reading(r, "server", "gpu_power");
  EXPECT_EQ(sum->quality, Quality::Partial);
  EXPECT_DOUBLE_EQ(sum->value, 5600 - 698);
  EXPECT_EQ(sum->error.substr(0, 20), "1 of 8 series bad (g");
  EXPECT_EQ(find_reading(r, "server", "non_gpu_power")->quality, Quality::Partial);
  EXPECT_EQ(find_reading(r, "gpu4", "power")->quality, Quality::Good);
}

TEST(ScrapeReadings, AMissingMetricIsBadOnEveryChannelItHad) {
  ChannelMemory memory;
  test::DcgmServer server;
  server.chassis_w = 7900;
  const Mapping m = chassis_and_gpus();
  scrape(m, test::dcgm_exposition(server), memory);
  server.chassis_w.reset();
  std::string text = test::dcgm_exposition(server);
  const auto energy = text.find("# HELP DCGM_FI_DEV_TOTAL_ENERGY");
  text.erase(energy, text.find("# HELP DCGM_FI_DEV_GPU_UTIL") - energy);
  const PollResult r = scrape(m, text, memory);
  for (const char* channel : {"gpu0", "gpu7", "gpus"}) {
    const Reading* e = find_reading(r, channel, "energy_import");
    ASSERT_NE(e, nullptr) << channel;
    EXPECT_EQ(e->quality, Quality::Bad);
    EXPECT_EQ(e->error, "metric DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION not in the scrape");
  }
  EXPECT_EQ(find_reading(r, "chassis", "power")->error, "metric ipmi_dcmi_power_consumption_watts not in the scrape");
  const Reading* non_gpu = find_reading(r, "server", "non_gpu_power");
  EXPECT_EQ(non_gpu->quality, Quality::Bad);
  EXPECT_EQ(non_gpu->error, "chassis/power: metric ipmi_dcmi_power_consumption_watts not in the scrape");
  EXPECT_EQ(find_reading(r, "server", "gpu_power")->quality, Quality::Good);
}

TEST(ScrapeReadings, AVanishedGpuStaysBadAndTheSumPartial) {
  ChannelMemory memory;
  test::DcgmServer server;
  const Mapping m = chassis_and_gpus();
  scrape(m, test::dcgm_exposition(server), memory);
  server.power_w.pop_back();
  server.energy_mj.pop_back();
  const PollResult r = scrape(m, test::dcgm_exposition(server), memory);
  EXPECT_EQ(find_reading(r, "gpu7", "power")->error, "no series of DCGM_FI_DEV_POWER_USAGE for channel gpu7");
  EXPECT_EQ(find_reading(r, "server", "gpu_power")->quality, Quality::Partial);
}

TEST(ScrapeReadings, ABadLineMakesItsMetricBadAndNothingElse) {
  ChannelMemory memory;
  std::string text = test::dcgm_exposition({});
  text += "DCGM_FI_DEV_POWER_USAGE{gpu=\"8\",UUID=\"cut\n";
  const PollResult r = scrape(chassis_and_gpus(), text, memory);
  const std::size_t line = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  for (const auto& [channel, quantity] : {std::pair{"gpu0", "power"}, std::pair{"server", "gpu_power"}}) {
    EXPECT_EQ(find_reading(r, channel, quantity)->quality, Quality::Bad);
    EXPECT_EQ(find_reading(r, channel, quantity)->error,
              "line " + std::to_string(line) + " of the scrape (DCGM_FI_DEV_POWER_USAGE) unparsable: label value without its closing quote");
  }
  EXPECT_EQ(find_reading(r, "gpus", "energy_import")->quality, Quality::Good);
}

TEST(ScrapeReadings, TwoSeriesOnOneChannelAreBadUntilMatched) {
  Section s = load_yaml_text(R"(
series:
  - {metric: node_hwmon_power_average_watt, quantity: power, unit: W}
  - {metric: ipmi_sensor_value, match: ["name=PSU1 Input"], quantity: power, unit: W, channel: psu1}
)", "test.yaml");
  Mapping m;
  add_mappings(s, m);
  ChannelMemory memory;
  const PollResult r = scrape(m,
                              "node_hwmon_power_average_watt{sensor=\"power1\"} 700\n"
                              "node_hwmon_power_average_watt{sensor=\"power2\"} 710\n"
                              "ipmi_sensor_value{name=\"PSU1 Input\"} 3950\nipmi_sensor_value{name=\"PSU2 Input\"} 3900\n",
                              memory);
  EXPECT_EQ(find_reading(r, "total", "power")->quality, Quality::Bad);
  EXPECT_EQ(find_reading(r, "total", "power")->error,
            "2 series of node_hwmon_power_average_watt map to channel total (narrow them with match:)");
  EXPECT_DOUBLE_EQ(find_reading(r, "psu1", "power")->value, 3950);
  EXPECT_EQ(find_reading(r, "psu1", "power")->quality, Quality::Good);
}

}  // namespace
}  // namespace sitepower::prometheus
