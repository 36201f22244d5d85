#pragma once
// Where a redirect may lead: only to the host the client talks to, so that a
// device can never send the agent (and its credentials) elsewhere.
#include <optional>
#include <string>
#include <string_view>

#include "http_client.h"

namespace sitepower::http {

bool is_redirect(unsigned status);

// The target to GET for a Location header: a path ("/metrics") as it is; an
// absolute URL only with the client's scheme, host (or server name) and port
// (default port implied); nullopt for anything else (another host, another
// scheme, a relative path without '/').
std::optional<std::string> same_host_target(std::string_view location, const ClientSettings& settings);

}  // namespace sitepower::http
