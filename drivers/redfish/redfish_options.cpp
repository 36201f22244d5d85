// The `redfish` device keys, declared once, and their reading into RedfishSettings.
#include "redfish_options.h"

#include <algorithm>
#include <filesystem>

#include "config_error.h"
#include "endpoint_options.h"
#include "profile_lookup.h"

namespace sitepower::redfish {
namespace {

const OptionTable kOptions{
    "redfish",
    "a server's BMC or a rack PDU over Redfish (DMTF) on HTTPS: chassis, PSU, GPU and outlet power, read-only",
    http::endpoint_options(
        {443, "https", "TCP port of the BMC's HTTPS"},
        {
            Option::choice("auth", {"session", "basic"}).def("session")
                .help("session: log in once (POST to the sessions collection) and send X-Auth-Token, again after a 401; basic: credentials on every request"),
            Option::string("profile").def("auto")
                .help("auto (picked by the service root's Vendor: idrac, ilo, supermicro, dgx; else generic), a shipped profile name, or a file path ending in `.yaml` or containing `/`"),
            Option::string_list("chassis")
                .help("chassis Id patterns ('*', '?') for the server's chassis, in order of preference; replaces the profile's"),
            Option::string_list("gpu_chassis")
                .help("chassis Id patterns of chassis holding one GPU each (read as gpu0..); replaces the profile's"),
            Option::boolean("psus").def(true).help("read each PSU's input power and energy (one request per PSU per poll)"),
        })};

std::vector<Profile> shipped_profiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(SITEPOWER_REDFISH_PROFILE_DIR)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Profile> out;
  for (const std::string& f : files) out.push_back(load_profile(f));
  return out;
}

}  // namespace

const OptionTable& redfish_options() { return kOptions; }

std::shared_ptr<const RedfishSettings> parse_redfish_settings(const OptionValues& v, const DriverContext& ctx) {
  auto s = std::make_shared<RedfishSettings>();
  s->device_id = ctx.device_id;
  http::read_endpoint(v, ctx, "redfish", s->client);
  s->client.accept = "application/json";
  if (!s->client.basic_auth) {
    v.reject("auth", "no such key without user (the BMC is read without credentials)");
    s->auth = Auth::None;
  } else if (v.choice("auth") == "session") {
    s->auth = Auth::Session;
    s->credentials = s->client.basic_auth;
    s->client.basic_auth.reset();
  } else {
    s->auth = Auth::Basic;
  }
  s->profile_name = v.string("profile");
  if (s->profile_name == "auto") {
    try {
      s->candidates = shipped_profiles();
    } catch (const std::exception& e) {
      v.fail_value("profile", std::string("auto, with readable shipped profiles (") + e.what() + ")");
    }
  } else {
    s->profile = load_profile(profile_key_path(v, ctx.config_dir, SITEPOWER_REDFISH_PROFILE_DIR));
  }
  // Keys that replace a profile's: for auto, every candidate's.
  auto override_with = [&](auto apply) {
    apply(s->profile);
    for (Profile& p : s->candidates) apply(p);
  };
  if (v.has("chassis")) {
    if (v.string_list("chassis").empty()) v.fail_value("chassis", "at least one chassis Id pattern");
    override_with([&](Profile& p) { p.chassis = v.string_list("chassis"); });
  }
  if (v.has("gpu_chassis")) override_with([&](Profile& p) { p.gpu_chassis = v.string_list("gpu_chassis"); });
  s->psus = v.boolean("psus");
  s->poll_deadline = ctx.timeout * 9 / 10;
  return s;
}

std::string RedfishSettings::describe() const {
  std::string out = "redfish " + http::describe_endpoint(client) + " profile " + profile_name;
  if (auth == Auth::Session) out += ", session login as " + credentials->user;
  return out + http::describe_access(client);
}

}  // namespace sitepower::redfish
