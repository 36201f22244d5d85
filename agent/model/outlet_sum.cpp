#include "outlet_sum.h"

namespace sitepower {
namespace {

// How many left-out outlets an error names before "...".
constexpr unsigned kNamedInError = 8;

std::string shown(const ReadingStore::ChannelLookup& c) {
  return c.label.empty() ? c.channel : c.channel + " (" + c.label + ")";
}

std::string selection_text(const MeterRef& ref) {
  return ref.outlets->by_label() ? "label '" + ref.outlets->label + "'" : "outlets '" + ref.outlets->text + "'";
}

}  // namespace

OutletSum sum_outlets(const ReadingStore& store, const MeterRef& ref, const std::string& node_id, SteadyTime now,
                      OutletClaims& claims) {
  OutletSum out;
  const auto channels = store.channels_of(ref.device, ref.quantity, now);
  unsigned selected = 0, counted = 0, left_out = 0;
  bool common_quality = true;
  Quality left_quality = Quality::Bad;
  std::string why;
  for (const auto& c : channels) {
    const auto index = outlet_index(c.channel);
    if (!index || !ref.outlets->selects(*index, c.label)) continue;
    ++selected;
    const std::string key = ref.device + "/" + c.channel + "/" + ref.quantity;
    const auto [claim, fresh] = claims.emplace(key, node_id);
    Quality q = c.lookup.quality;
    std::string reason = c.lookup.error;
    if (!fresh && claim->second != node_id) {
      q = Quality::Bad;
      reason = "also selected by node '" + claim->second + "', counted there";
    }
    if (q == Quality::Good) {
      out.power_w += c.lookup.value;
      ++counted;
      continue;
    }
    if (left_out == 0) left_quality = q;
    common_quality = common_quality && q == left_quality;
    if (left_out++ < kNamedInError) why += (why.empty() ? "" : "; ") + shown(c) + " " + to_string(q) + ": " + reason;
  }
  if (left_out > kNamedInError) why += "; ... (" + std::to_string(left_out) + " in all)";

  if (selected == 0) {
    out.quality = Quality::Missing;
    out.error = channels.empty() ? store.absent_reason(ref.device, "outlets")
                                 : "no outlet of " + ref.device + " matches " + selection_text(ref);
    return out;
  }
  if (left_out == 0) {
    out.quality = Quality::Good;
  } else if (counted) {
    out.quality = Quality::Partial;
    out.error = std::to_string(left_out) + " of " + std::to_string(selected) + " outlets left out: " + why;
  } else {
    out.quality = common_quality ? left_quality : Quality::Bad;
    out.error = "no outlet counted: " + why;
  }
  return out;
}

void claim_outlet_meter(const MeterRef& ref, const std::string& node_id, OutletClaims& claims) {
  if (!ref.outlets && outlet_index(ref.channel)) claims.emplace(ref.device + "/" + ref.channel + "/" + ref.quantity, node_id);
}

}  // namespace sitepower
