// Profile loading time against profile size: writes a profile of N u16
// points (one channel each, holding then input table), then times
// load_profile() and the read plan built from it, as the agent does at start
// (CPU time of this process, and wall time).
// Run: <build>/bench/profile_load_bench [N ...]   (default: 10000 40000 100000)
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "profile.h"
#include "read_plan.h"

namespace {

std::string write_profile(std::size_t points) {
  const auto path = std::filesystem::temp_directory_path() / ("sitepower-bench-profile-" + std::to_string(points) + ".yaml");
  std::ofstream out(path);
  out << "name: bench\ntype: u16\nmax_gap: 0\npoints:\n";
  for (std::size_t i = 0; i < points; ++i) {
    out << "  - {channel: p" << i << ", quantity: power, address: " << i % 60000
        << ", table: " << (i < 60000 ? "holding" : "input") << "}\n";
  }
  return path.string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::stoul(argv[i]));
  if (sizes.empty()) sizes = {10000, 40000, 100000};
  for (std::size_t n : sizes) {
    const std::string path = write_profile(n);
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const sitepower::modbus::Profile profile = sitepower::modbus::load_profile(path);
    const auto loaded = std::chrono::steady_clock::now();
    const std::clock_t cpu_loaded = std::clock();
    const sitepower::modbus::ReadPlan plan(profile.points, 0, profile.max_gap, profile.max_registers, false);
    const auto planned = std::chrono::steady_clock::now();
    const std::clock_t cpu_planned = std::clock();
    std::filesystem::remove(path);
    // CPU time is the figure to compare: on a shared machine wall time mostly measures the other processes.
    const auto s = [](auto d) { return std::chrono::duration<double>(d).count(); };
    const auto cpu = [](std::clock_t from, std::clock_t to) { return static_cast<double>(to - from) / CLOCKS_PER_SEC; };
    std::printf(
        "%7zu points: load %.2f s CPU (%.2f s wall), read plan %.2f s CPU (%zu requests), total %.2f s CPU (%.2f s wall)\n",
        profile.points.size(), cpu(cpu_start, cpu_loaded), s(loaded - start), cpu(cpu_loaded, cpu_planned),
        plan.blocks().size(), cpu(cpu_start, cpu_planned), s(planned - start));
  }
}
