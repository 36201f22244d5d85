#pragma once
// Everything a `redfish` device needs, as plain data: the BMC's endpoint, TLS
// and credentials (read from their files), how to log in, and the profile
// (or the candidates `profile: auto` picks from by the service root's
// Vendor). Built by the config loader (redfish_options.cpp).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "device_settings.h"
#include "http_client.h"
#include "profile.h"

namespace sitepower::redfish {

enum class Auth { Session, Basic, None };

struct RedfishSettings : DeviceSettings {
  std::string device_id;
  http::ClientSettings client;  // basic_auth set only with Auth::Basic
  Auth auth = Auth::Session;
  std::optional<http::BasicAuth> credentials;  // Auth::Session: what the login sends
  Profile profile = generic_profile();         // the device's; with auto, until the service root says otherwise
  std::vector<Profile> candidates;             // auto: the shipped profiles, picked by Vendor
  std::string profile_name = "auto";           // as given, for describe()
  bool psus = true;
  std::chrono::milliseconds poll_deadline{720};  // login, walk and reads of one poll

  // "redfish https://10.0.0.5:443 profile auto, session login as ops": never a secret.
  std::string describe() const override;
  // A BMC's channels are known only once its tree is walked.
  std::optional<std::vector<ChannelQuantity>> channels() const override { return std::nullopt; }
};

}  // namespace sitepower::redfish
