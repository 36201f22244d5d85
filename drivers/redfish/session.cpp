#include "session.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "resource.h"

namespace sitepower::redfish {

std::string login_body(const http::BasicAuth& credentials) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("UserName");
  w.String(credentials.user.data(), static_cast<rapidjson::SizeType>(credentials.user.size()));
  w.Key("Password");
  w.String(credentials.password.data(), static_cast<rapidjson::SizeType>(credentials.password.size()));
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

LoginResult login_result(const http::Response& r, const std::string& user) {
  LoginResult out;
  if (!r.error.empty()) {
    out.error = "login: " + r.error;
  } else if (r.status == 401 || r.status == 403) {
    out.error = "login refused (HTTP " + std::to_string(r.status) + ") for user " + user +
                ": check user and password_file";
  } else if (r.status != 200 && r.status != 201) {
    out.error = "login failed: HTTP " + std::to_string(r.status);
  } else {
    out.session.token = r.header("X-Auth-Token");
    // Location may be absolute ("https://10.0.0.5/redfish/v1/..."): the path is what names it.
    std::string location = r.header("Location");
    if (const auto at = location.find("/redfish/v1/"); at != std::string::npos) location = location.substr(at);
    out.session.uri = location.empty() ? Resource(r.body).link("").value_or("") : location;
    if (out.session.token.empty()) out.error = "login answered HTTP " + std::to_string(r.status) + " without X-Auth-Token";
  }
  return out;
}

}  // namespace sitepower::redfish
