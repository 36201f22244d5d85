#pragma once
// What each firmware family answers to each command, as the real ones do:
// field names and types (bmminer's GH/s as strings, BOSminer's MH/s as
// numbers), bmminer's `}{` between stats sections and trailing commas, the
// error reply to a command it does not know. The trailing NUL is added by the
// server (miner_sim.cpp), not here.
#include <string>

namespace sitepower::minersim {

struct MinerLook {
  std::string family;  // antminer, braiins-os, luxos, whatsminer
  int index = 0;       // makes each miner's numbers its own
  bool curtailed = false;
  bool malformed = false;  // the worst bmminer builds: stray commas, unquoted values
  bool no_power = false;   // whatsminer: Power -1 (not available)
};

// The reply's JSON text for `command`.
std::string reply_for(const MinerLook& m, const std::string& command);

// The numbers a test checks against.
double hashrate_ths(const MinerLook& m);  // 5 s hashrate, TH/s
double power_w(const MinerLook& m);       // what the firmware reports (0 for antminer: none)

}  // namespace sitepower::minersim
