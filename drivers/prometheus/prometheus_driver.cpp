#include "prometheus_driver.h"

#include "prometheus_options.h"
#include "scraper.h"

namespace sitepower {
namespace {

std::unique_ptr<Driver> build(const prometheus::PrometheusSettings& s, const boost::asio::any_io_executor& ex) {
  return std::make_unique<prometheus::Scraper>(ex, s);
}

}  // namespace

DriverKind prometheus_driver_kind() {
  return DriverKind::of<prometheus::PrometheusSettings>(prometheus::prometheus_options(),
                                                        prometheus::parse_prometheus_settings, build);
}

}  // namespace sitepower
