#include "redirect.h"

namespace sitepower::http {

bool is_redirect(unsigned status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::optional<std::string> same_host_target(std::string_view location, const ClientSettings& s) {
  if (location.starts_with("/") && !location.starts_with("//")) return std::string(location);
  const std::string_view scheme = s.https ? "https://" : "http://";
  if (!location.starts_with(scheme)) return std::nullopt;
  location.remove_prefix(scheme.size());
  const auto slash = location.find('/');
  const std::string_view authority = location.substr(0, slash);
  const std::string target = slash == std::string_view::npos ? "/" : std::string(location.substr(slash));
  const std::string port = std::to_string(s.port);
  const bool default_port = s.port == (s.https ? 443 : 80);
  for (const std::string& name : {s.host, s.server_name}) {
    if (name.empty()) continue;
    if (authority == name + ":" + port || (default_port && authority == name)) return target;
  }
  return std::nullopt;
}

}  // namespace sitepower::http
