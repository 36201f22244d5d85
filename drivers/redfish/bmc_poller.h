#pragma once
// A `redfish` device: each poll logs in when it has no session, walks the
// BMC's tree when it has not yet (discovery.h: once, again after a 404), then
// GETs each resource of the plan over the one kept-alive connection, all by
// the poll's deadline. The requests it can send are closed: GETs of
// /redfish/v1 and the resources its links lead to, and the login POST to the
// sessions collection (session.h).
//
// Faults: a request that gets no answer (refused, timeout, TLS and why, a
// body cut short) fails the poll while walking, and only its resource's
// readings once walking is done, so a slow PSU does not hide the chassis; a
// 401 with a session logs in again once (the BMC expired or reset it); 403,
// 5xx and bodies that are not JSON make that resource's readings BAD; a
// missing or null property makes its reading BAD. One log line per change.
#include <optional>
#include <string>
#include <vector>

#include "bad_readings_log.h"
#include "discovery.h"
#include "driver.h"
#include "http_client.h"
#include "redfish_settings.h"
#include "session.h"

namespace sitepower::redfish {

class BmcPoller : public Driver {
 public:
  BmcPoller(const boost::asio::any_io_executor& executor, const RedfishSettings& settings);

  void poll(PollCallback done) override;
  void cancel() override;
  void set_request_trace(RequestTrace trace) override { trace_ = std::move(trace); }

 private:
  void step();
  void log_in();
  void on_login(const http::Response& r);
  void get(const std::string& uri);
  void on_answer(const std::string& uri, http::Response r);
  // True when `r` was a 401 on a session: the session is dropped and the
  // same request goes again after a new login (once per poll).
  bool session_refused(const http::Response& r);
  void on_walk(const http::Response& r);
  void on_read(const http::Response& r);
  void walk_done();
  void finish(std::string error);
  std::string status_failure(unsigned status) const;

  RedfishSettings settings_;
  http::Client client_;
  std::optional<Discovery> discovery_;
  std::optional<Plan> plan_;
  std::optional<Session> session_;
  std::string sessions_path_;
  PollCallback done_;
  RequestTrace trace_;
  http::Clock::time_point deadline_;
  std::vector<Reading> readings_;
  std::size_t next_source_ = 0;
  bool relogged_ = false;      // this poll logged in again after a 401
  bool rediscover_ = false;    // a resource of the plan is gone (404)
  unsigned answered_ = 0;      // reads this poll that got an HTTP answer
  std::string unanswered_;     // why the first read without an answer got none
  BadReadingsLog bad_log_;
  std::string last_session_note_;
};

}  // namespace sitepower::redfish
