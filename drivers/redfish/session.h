#pragma once
// Redfish session login (DSP0266 "Redfish session login authentication"):
// POST {"UserName", "Password"} to the sessions collection; the BMC answers
// 201 with the token in X-Auth-Token and the session's URI in Location. The
// token goes on every later request until the BMC refuses it (401: expired,
// or the BMC reset), then the driver logs in again.
#include <string>

#include "http_client.h"

namespace sitepower::redfish {

// The login request's body, the credentials JSON-escaped.
std::string login_body(const http::BasicAuth& credentials);

struct Session {
  std::string token;  // never logged
  std::string uri;    // the session resource ("/redfish/v1/SessionService/Sessions/7"), for the log
};

// The session a login's answer opened, or why none: an error text that names
// the user, never the password or a token.
struct LoginResult {
  Session session;
  std::string error;
};
LoginResult login_result(const http::Response& r, const std::string& user);

}  // namespace sitepower::redfish
