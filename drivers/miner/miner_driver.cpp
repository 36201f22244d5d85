// The `miner` kind: its option table and parse (miner_options.cpp), and the
// row built from the settings on the agent's executor.
#include "miner_driver.h"

#include "miner_options.h"
#include "miner_row.h"

namespace sitepower {
namespace {

std::unique_ptr<Driver> build(const miner::MinerSettings& s, const boost::asio::any_io_executor& executor) {
  return std::make_unique<miner::MinerRow>(executor, s);
}

}  // namespace

DriverKind miner_driver_kind() {
  return DriverKind::of<miner::MinerSettings>(miner::miner_options(), miner::parse_miner_settings, build);
}

}  // namespace sitepower
