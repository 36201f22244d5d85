#include "bmc_poller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "plan_readings.h"

namespace sitepower::redfish {
namespace {

const std::string kRoot = "/redfish/v1";

std::string plan_summary(const Discovery& d) {
  const Plan& p = d.plan();
  return fmt::format("profile {}, {} resources per poll ({} readings{}{}), {} walked", d.profile().name,
                     p.sources.size(), p.value_count(), p.server ? ", chassis power" : "",
                     p.gpu_channels.empty() ? "" : fmt::format(", {} GPUs", p.gpu_channels.size()), d.visited());
}

}  // namespace

BmcPoller::BmcPoller(const boost::asio::any_io_executor& executor, const RedfishSettings& settings)
    : settings_(settings), client_(executor, settings.client), bad_log_("redfish " + settings.device_id) {}

void BmcPoller::poll(PollCallback done) {
  done_ = std::move(done);
  deadline_ = http::Clock::now() + settings_.poll_deadline;
  readings_.clear();
  next_source_ = 0;
  relogged_ = false;
  answered_ = 0;
  unanswered_.clear();
  step();
}

void BmcPoller::cancel() {
  client_.cancel();
  done_ = nullptr;
}

void BmcPoller::step() {
  if (!plan_) {
    if (!discovery_) discovery_.emplace(settings_.profile, settings_.candidates, settings_.psus);
    if (const auto uri = discovery_->next()) {
      if (*uri != kRoot && settings_.auth == Auth::Session && !session_) return log_in();
      return get(*uri);
    }
    return walk_done();
  }
  if (next_source_ < plan_->sources.size()) {
    if (http::Clock::now() >= deadline_) {
      for (; next_source_ < plan_->sources.size(); ++next_source_) {
        add_source_failed(plan_->sources[next_source_], "not read: the poll's deadline passed first", readings_);
      }
      return step();
    }
    if (settings_.auth == Auth::Session && !session_) return log_in();
    return get(plan_->sources[next_source_].uri);
  }
  // Every request of the plan failed without an HTTP answer: the BMC is
  // unreachable, which the core reports as a failed poll.
  if (answered_ == 0 && !unanswered_.empty()) return finish(unanswered_);
  add_server_figures(*plan_, readings_);
  if (rediscover_) {
    plan_.reset();
    discovery_.reset();
    rediscover_ = false;
  }
  finish("");
}

void BmcPoller::log_in() {
  http::Request request{http::Method::Post, sessions_path_, login_body(*settings_.credentials), "application/json"};
  client_.send(std::move(request), deadline_, [this](http::Response r) {
    if (trace_) trace_(fmt::format("POST {} -> {}", sessions_path_, r.error.empty() ? fmt::format("HTTP {}", r.status) : r.error));
    on_login(r);
  });
}

void BmcPoller::on_login(const http::Response& r) {
  LoginResult result = login_result(r, settings_.credentials->user);
  if (!result.error.empty()) return finish(result.error);
  session_ = std::move(result.session);
  const std::string note = relogged_ ? "the BMC refused the session (expired or reset): logged in again"
                                     : "logged in";
  if (note != last_session_note_) spdlog::info("redfish {}: {} (session {})", settings_.device_id, note, session_->uri);
  last_session_note_ = note;
  step();
}

void BmcPoller::get(const std::string& uri) {
  http::Request request{http::Method::Get, uri};
  if (session_) request.headers.push_back({"X-Auth-Token", session_->token});
  client_.send(std::move(request), deadline_, [this, uri](http::Response r) { on_answer(uri, std::move(r)); });
}

void BmcPoller::on_answer(const std::string& uri, http::Response r) {
  if (trace_) {
    trace_(fmt::format("GET {} -> {} in {} ms", uri,
                       r.error.empty() ? fmt::format("HTTP {}, {} bytes", r.status, r.body.size()) : r.error,
                       r.took.count()));
  }
  if (session_refused(r)) return log_in();
  if (plan_) return on_read(r);
  on_walk(r);
}

bool BmcPoller::session_refused(const http::Response& r) {
  if (!r.error.empty() || r.status != 401 || !session_ || relogged_) return false;
  session_.reset();
  relogged_ = true;
  return true;
}

void BmcPoller::on_walk(const http::Response& r) {
  // No answer: the walk stops here for this poll and goes on from the same
  // resource next time.
  if (!r.error.empty()) return finish(r.error);
  if (r.status == 401) return finish(status_failure(r.status));
  if (r.status == 200) {
    discovery_->on_resource(Resource(r.body));
  } else {
    discovery_->on_failure(status_failure(r.status));
  }
  if (sessions_path_.empty()) sessions_path_ = discovery_->sessions_path();
  if (http::Clock::now() >= deadline_ && discovery_->next()) {
    return finish(fmt::format("walking the BMC's tree: {} resources so far (it goes on next poll)",
                              discovery_->visited()));
  }
  step();
}

void BmcPoller::walk_done() {
  Discovery d = std::move(*discovery_);
  discovery_.reset();
  if (!d.error().empty()) return finish(d.error());
  for (const std::string& s : d.skipped()) spdlog::warn("redfish {}: left out {}", settings_.device_id, s);
  spdlog::info("redfish {}: {}", settings_.device_id, plan_summary(d));
  plan_ = d.plan();
  step();
}

void BmcPoller::on_read(const http::Response& r) {
  const Source& source = plan_->sources[next_source_++];
  if (!r.error.empty()) {
    if (unanswered_.empty()) unanswered_ = r.error;
    add_source_failed(source, source.uri + ": " + r.error, readings_);
  } else {
    ++answered_;
    if (r.status == 200) {
      add_source_readings(source, Resource(r.body), readings_);
    } else {
      if (r.status == 404) rediscover_ = true;
      add_source_failed(source, source.uri + ": " + status_failure(r.status), readings_);
    }
  }
  step();
}

std::string BmcPoller::status_failure(unsigned status) const {
  const std::string user = settings_.credentials   ? settings_.credentials->user
                           : settings_.client.basic_auth ? settings_.client.basic_auth->user
                                                         : std::string();
  switch (status) {
    case 401:
      return user.empty() ? "HTTP 401: the BMC wants credentials (user, password_file)"
                          : "HTTP 401: the BMC refused user " + user;
    case 403: return "HTTP 403: user " + user + " may not read it (a read-only role is enough)";
    case 404: return "HTTP 404: gone (the tree is walked again next poll)";
    default: break;
  }
  if (status >= 500) return fmt::format("HTTP {}: the BMC failed (server error)", status);
  return fmt::format("HTTP {}: not a resource", status);
}

void BmcPoller::finish(std::string error) {
  PollResult result;
  if (error.empty()) {
    bad_log_.note(readings_);
    result.readings = std::move(readings_);
  } else {
    result.error = std::move(error);
  }
  readings_.clear();
  PollCallback done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(result));
}

}  // namespace sitepower::redfish
