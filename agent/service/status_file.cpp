#include "status_file.h"

#include <fmt/format.h>
#include <google/protobuf/util/json_util.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "status_message.h"

namespace sitepower {
namespace {

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ago(std::int64_t unix_ms) {
  if (unix_ms <= 0) return "never";
  return fmt::format("{} s ago", (now_unix_ms() - unix_ms) / 1000);
}

std::string duration_text(std::uint64_t s) {
  return fmt::format("{}d {:02}h {:02}m {:02}s", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
}

}  // namespace

void StatusFile::write(const AgentIdentity& who, bool online, const AgentHealth& health, WallTime now) {
  const v1::Status status = status_message(who, online, health, now);
  std::string json;
  google::protobuf::util::JsonPrintOptions opts;
  opts.add_whitespace = true;
  opts.always_print_primitive_fields = true;
  opts.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(status, &json, opts).ok()) {
    spdlog::error("status file: cannot encode the status as JSON");
    return;
  }
  const std::filesystem::path path = std::filesystem::path(dir_) / kName;
  const std::filesystem::path tmp = path.string() + ".tmp";
  std::error_code ec;
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) {
      ec = std::error_code(errno, std::generic_category());  // the failed open(2) says why
    } else {
      out << json;
      out.close();
      if (!out) ec = std::make_error_code(std::errc::io_error);
    }
  }
  if (!ec) std::filesystem::rename(tmp, path, ec);
  if (ec && !warned_) {
    // Once: a read-only or full disk must not log every status interval.
    spdlog::warn("status file {}: cannot write ({}); --status will not see this agent", path.string(), ec.message());
  }
  warned_ = warned_ || ec;
}

int print_status_file(const std::string& dir, std::chrono::seconds fresh_for, std::ostream& out) {
  const std::filesystem::path path = std::filesystem::path(dir) / StatusFile::kName;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  v1::Status s;
  if (!in || !google::protobuf::util::JsonStringToMessage(text.str(), &s).ok()) {
    out << "no agent status in " << path.string() << " (agent not started, another state_dir, or not root?)\n";
    return 2;
  }
  const auto& o = s.origin();
  const bool online = s.state() == v1::Status::STATE_ONLINE;
  const std::int64_t age_ms = now_unix_ms() - s.time_unix_ms();
  const bool fresh = age_ms <= std::chrono::duration_cast<std::chrono::milliseconds>(fresh_for).count();
  out << fmt::format("sitepower-agent {}  site {}  agent {}: {}\n", o.agent_version(), o.site_id(), o.agent_id(),
                     !online ? "OFFLINE" : fresh ? "ONLINE" : "STALE (not updated, is the agent running?)");
  out << fmt::format("  boot       {}, up {}\n", o.boot_id(), duration_text(s.uptime_s()));
  out << fmt::format("  written    {} ({})\n", ago(s.time_unix_ms()), path.string());
  for (const auto& d : s.drivers()) {
    out << fmt::format("  driver     {}: {} ok, {} stale, {} bad\n", d.driver(), d.devices_ok(), d.devices_stale(),
                       d.devices_bad());
  }
  out << fmt::format("  queue      {} waiting, {} dropped, outbox {}\n", s.queue_depth(), s.dropped_messages(),
                     s.outbox_mode().empty() ? "-" : s.outbox_mode());
  out << fmt::format("  published  {} (last broker ack)\n", ago(s.last_publish_unix_ms()));
  return online && fresh ? 0 : 1;
}

}  // namespace sitepower
