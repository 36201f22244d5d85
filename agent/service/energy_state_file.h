#pragma once
// The energy books' file, <state_dir>/energy.pb (sitepower.state.v1
// EnergyState): written after every cycle by write + rename, so that a
// SIGKILL leaves the last cycle's books whole (at most one cycle old) and a
// restart resumes them: the time it was down is unknown, nothing is counted
// twice, and a meter's counter measures the downtime exactly. Not fsynced:
// after a power cut the file may be older (the kernel's writeback, ~30 s),
// which makes that stretch unknown too, never double counted.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "energy_book.h"

namespace sitepower {

// The books in a file's bytes: nullopt when they do not parse. Trusts
// nothing in them (a fuzz target feeds it, tests/fuzz/energy_state_fuzz.cpp).
std::optional<EnergyBookState> parse_energy_state(const std::string& bytes, std::uint32_t* window_min = nullptr);

class EnergyStateFile {
 public:
  static constexpr const char* kName = "energy.pb";
  explicit EnergyStateFile(std::string dir) : dir_(std::move(dir)) {}

  // The books as last written, if there is a file for this window length.
  // A file that does not parse is renamed energy.pb.bad and logged.
  std::optional<EnergyBookState> load(std::chrono::minutes window) const;
  void save(const EnergyBookState& state, std::chrono::minutes window, WallTime now);

 private:
  std::string dir_;
  bool warned_ = false;
};

}  // namespace sitepower
