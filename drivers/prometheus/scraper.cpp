#include "scraper.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sitepower::prometheus {
namespace {

// An answer that is not the scrape, in an operator's words.
std::string status_failure(unsigned status, const PrometheusSettings& s) {
  if (status == 401 || status == 403) {
    return fmt::format("HTTP {}: {}", status,
                       s.client.basic_auth ? "the endpoint refused user " + s.client.basic_auth->user
                                           : std::string("the endpoint wants credentials (user, password_file)"));
  }
  if (status == 404) return fmt::format("HTTP 404: no {} on the endpoint", s.path);
  if (status >= 500) return fmt::format("HTTP {}: the exporter failed (server error)", status);
  return fmt::format("HTTP {}: not a scrape", status);
}

}  // namespace

Scraper::Scraper(const boost::asio::any_io_executor& executor, const PrometheusSettings& settings)
    : settings_(settings), client_(executor, settings.client), bad_log_("prometheus " + settings.device_id) {}

void Scraper::poll(PollCallback done) {
  done_ = std::move(done);
  client_.get(settings_.path, http::Clock::now() + settings_.poll_deadline,
              [this](http::Response r) { on_response(std::move(r)); });
}

void Scraper::cancel() {
  client_.cancel();
  done_ = nullptr;
}

void Scraper::on_response(http::Response r) {
  if (trace_) {
    trace_(fmt::format("GET {} -> {} in {} ms", settings_.path,
                       !r.error.empty() ? r.error : fmt::format("HTTP {}, {} bytes", r.status, r.body.size()),
                       r.took.count()));
  }
  PollResult result = result_of(r);
  note_state(result);
  PollCallback done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result));
}

PollResult Scraper::result_of(const http::Response& r) {
  if (!r.error.empty()) return {{}, r.error};
  if (r.status != 200) return {{}, status_failure(r.status, settings_)};
  const Exposition scrape = parse_exposition(r.body);
  if (scrape.samples.empty() && !scrape.bad_lines.empty()) {
    const BadLine& first = scrape.bad_lines.front();
    return {{}, fmt::format("not the Prometheus text format (line {}: {})", first.line, first.reason)};
  }
  return {scrape_readings(settings_.mapping, scrape, memory_), ""};
}

void Scraper::note_state(const PollResult& result) {
  // A failed scrape is the core's to log (DeviceStateLog: once per change);
  // which readings of a scrape are bad, and why, only the driver knows.
  if (result.error.empty()) bad_log_.note(result.readings);
}

}  // namespace sitepower::prometheus
