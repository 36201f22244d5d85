// Profile loading time against profile size: writes a profile of N u16
// points (one channel each, holding then input table), then times
// load_profile() and the read plan built from it, as the agent does at start.
// Run: <build>/bench/profile_load_bench [N ...]   (default: 10000 40000 100000)
#include <chrono>
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
    const sitepower::modbus::Profile profile = sitepower::modbus::load_profile(path);
    const auto loaded = std::chrono::steady_clock::now();
    const sitepower::modbus::ReadPlan plan(profile.points, 0, profile.max_gap, profile.max_registers, false);
    const auto planned = std::chrono::steady_clock::now();
    std::filesystem::remove(path);
    const auto s = [](auto d) { return std::chrono::duration<double>(d).count(); };
    std::printf("%7zu points: load %.2f s, read plan %.2f s (%zu requests), total %.2f s\n", profile.points.size(),
                s(loaded - start), s(planned - loaded), plan.blocks().size(), s(planned - start));
  }
}
