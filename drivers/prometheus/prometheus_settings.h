#pragma once
// Everything a `prometheus` device needs, as plain data: the endpoint and its
// TLS and credentials (read from their files), and the mapping from series to
// readings (profile plus the device's own). Built by the config loader
// (prometheus_options.cpp); the agent builds the Scraper from it.
#include <chrono>
#include <string>

#include "device_settings.h"
#include "http_client.h"
#include "series_map.h"

namespace sitepower::prometheus {

struct PrometheusSettings : DeviceSettings {
  std::string device_id;
  http::ClientSettings client;
  std::string path = "/metrics";
  std::string profile;  // its name as given, for describe(); empty: the device's own series only
  Mapping mapping;
  std::chrono::milliseconds poll_deadline{720};  // the whole scrape, redirects included

  // "prometheus https://10.0.0.5:9400/metrics profile dcgm-exporter, user ops": never a secret.
  std::string describe() const override;
  // Fixed channels, sums and differences are known from the config; a
  // mapping with per-series channels (gpu{gpu}) is known only by scraping,
  // and then the loader checks nothing (a wrong reference shows as MISSING).
  std::optional<std::vector<ChannelQuantity>> channels() const override;
};

}  // namespace sitepower::prometheus
