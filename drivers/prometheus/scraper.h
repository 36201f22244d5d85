#pragma once
// A `prometheus` device: each poll GETs the configured path (the only request
// it ever sends) over the shared HTTP client's kept-alive connection, parses
// the text format and maps it to readings (scrape_readings.h). A failed
// scrape (refused, timeout, TLS, HTTP error status, reply over the cap, not
// the text format) fails the poll with the reason; the core then shows the
// device's readings as it shows any failed device's, and logs the failure
// once per change. The driver logs one line per change of which readings are
// bad and why.
#include <string>

#include "bad_readings_log.h"
#include "driver.h"
#include "http_client.h"
#include "prometheus_settings.h"
#include "scrape_readings.h"

namespace sitepower::prometheus {

class Scraper : public Driver {
 public:
  Scraper(const boost::asio::any_io_executor& executor, const PrometheusSettings& settings);

  void poll(PollCallback done) override;
  void cancel() override;
  void set_request_trace(RequestTrace trace) override { trace_ = std::move(trace); }

 private:
  void on_response(http::Response r);
  PollResult result_of(const http::Response& r);
  void note_state(const PollResult& result);

  PrometheusSettings settings_;
  http::Client client_;
  ChannelMemory memory_;
  PollCallback done_;
  RequestTrace trace_;
  BadReadingsLog bad_log_;
};

}  // namespace sitepower::prometheus
