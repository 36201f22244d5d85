#include "redfish_driver.h"

#include "bmc_poller.h"
#include "redfish_options.h"

namespace sitepower {
namespace {

std::unique_ptr<Driver> build(const redfish::RedfishSettings& s, const boost::asio::any_io_executor& ex) {
  return std::make_unique<redfish::BmcPoller>(ex, s);
}

}  // namespace

DriverKind redfish_driver_kind() {
  return DriverKind::of<redfish::RedfishSettings>(redfish::redfish_options(), redfish::parse_redfish_settings, build);
}

}  // namespace sitepower
