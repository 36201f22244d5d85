#include "stream_check.h"

#include <fmt/format.h>

namespace sitepower {
namespace {

std::string missing_range(const char* what, std::uint64_t from, std::uint64_t to) {
  return fmt::format("  {}: {}..{} ({} missing)\n", what, from, to, to - from + 1);
}

}  // namespace

bool StreamCheck::add(const v1::Origin& origin, bool decoded) {
  Stream& s = streams_[{origin.agent_id(), origin.boot_id()}];
  ++s.received;
  s.undecoded += !decoded;
  return s.seen.insert(origin.sequence()).second;
}

bool StreamCheck::add_status(const v1::Status& status) {
  const auto [it, is_new] = streams_.try_emplace({status.origin().agent_id(), status.origin().boot_id()});
  Stream& s = it->second;
  const bool was_offline = s.offline;
  s.offline = status.state() == v1::Status::STATE_OFFLINE;
  // A last will was made at connect: its sequence is only a lower bound.
  if (s.offline) s.last_sequence = status.last_will() ? 0 : status.last_telemetry_sequence();
  return is_new || s.offline != was_offline;
}

// An OFFLINE status names the boot's last sequence, unless it says 0 (an
// agent from before the field, or none published when a last will was made),
// or less than was seen (a last will made at an earlier connect).
bool StreamCheck::end_known(const Stream& s) const { return s.offline && s.last_sequence >= *s.seen.rbegin(); }

StreamCheck::Holes StreamCheck::holes_in(const Stream& s) const {
  Holes h;
  const std::uint64_t first = *s.seen.begin(), last = *s.seen.rbegin();
  if (since_start_) h.head = first - 1;
  h.inner = last - first + 1 - s.seen.size();
  if (end_known(s)) h.tail = s.last_sequence - last;
  return h;
}

std::uint64_t StreamCheck::missing() const {
  std::uint64_t n = 0;
  for (const auto& [key, s] : streams_) {
    if (!s.seen.empty()) n += holes_in(s).total();
  }
  return n;
}

std::uint64_t StreamCheck::duplicates() const {
  std::uint64_t n = 0;
  for (const auto& [key, s] : streams_) n += s.received - s.seen.size();
  return n;
}

std::uint64_t StreamCheck::undecoded() const {
  std::uint64_t n = 0;
  for (const auto& [key, s] : streams_) n += s.undecoded;
  return n;
}

std::string StreamCheck::describe(const std::pair<std::string, std::string>& key, const Stream& s) const {
  const std::uint64_t first = *s.seen.begin(), last = *s.seen.rbegin();
  const Holes h = holes_in(s);
  const bool joined_late = !since_start_ && first > 1;
  std::string missing = fmt::format("{} missing", h.total());
  if (joined_late) missing = h.total() == 0 ? fmt::format("joined at {}, none missing since", first)
                                            : fmt::format("joined at {}, {} missing since", first, h.total());
  std::string end = fmt::format("no final status; last seen {}", last);
  if (end_known(s)) end = fmt::format("ended at {}", s.last_sequence);
  else if (s.offline) end = fmt::format("ended unknown; last seen {}", last);

  std::string out = fmt::format("agent {} boot {}: {} received, {} unique, sequences {}..{}, {} duplicates, {}; {}\n",
                                key.first, key.second, s.received, s.seen.size(), first, last,
                                s.received - s.seen.size(), missing, end);
  if (s.undecoded > 0) out += fmt::format("  {} compact messages not decoded (their catalogue not seen)\n", s.undecoded);
  if (h.head > 0) out += missing_range("missing head", 1, first - 1);
  std::uint64_t prev = first;
  for (const auto seq : s.seen) {
    if (seq > prev + 1) out += missing_range("gap", prev + 1, seq - 1);
    prev = seq;
  }
  if (h.tail > 0) out += missing_range("missing tail", last + 1, s.last_sequence);
  return out;
}

std::string StreamCheck::report() const {
  std::string out;
  std::size_t streams = 0, joined_late = 0;
  for (const auto& [key, s] : streams_) {
    if (s.seen.empty()) continue;  // a status only, e.g. the retained one of a boot that ended before
    ++streams;
    joined_late += !since_start_ && *s.seen.begin() > 1;
    out += describe(key, s);
  }
  out += fmt::format("total: {} streams, {} missing, {} duplicates", streams, missing(), duplicates());
  if (undecoded() > 0) out += fmt::format(", {} not decoded", undecoded());
  if (joined_late > 0) out += fmt::format(", {} joined late (sequences before them not checked)", joined_late);
  return out + "\n";
}

}  // namespace sitepower
