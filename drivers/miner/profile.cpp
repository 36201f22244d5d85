#include "profile.h"

#include "section.h"

namespace sitepower::miner {

const std::vector<std::pair<std::string, std::string>>& miner_quantities() {
  static const std::vector<std::pair<std::string, std::string>> kQuantities{
      {"power", "W"},          {"power_limit", "W"},    {"hashrate_5s", "TH/s"}, {"hashrate_avg", "TH/s"},
      {"temp_board", "Cel"},   {"temp_chip", "Cel"},    {"fan", "rpm"},          {"uptime", "s"},
  };
  return kQuantities;
}

std::string unit_of(const std::string& quantity) {
  for (const auto& [q, unit] : miner_quantities()) {
    if (q == quantity) return unit;
  }
  return "";
}

Combine Profile::combine_of(const std::string& quantity) const {
  for (const auto& [q, c] : combine) {
    if (q == quantity) return c;
  }
  return Combine::First;
}

Profile load_profile(const std::string& path) {
  Section s = load_yaml_file(path);
  Profile p;
  p.name = s.require_string("name", 64);
  p.detect = s.get_string_list("detect");
  for (Section& r : s.get_list("reads", true)) {
    Read read;
    const std::string command = r.require_string("command", 32);
    const auto c = command_named(command);
    if (!c) r.fail_value("command", "a read command of the closed list (command.h), e.g. summary, stats, tunerstatus");
    read.command = *c;
    for (Section& f : r.get_list("fields", true)) {
      Field field;
      field.path = f.require_string("path", 256);
      field.quantity = f.require_string("quantity", 32);
      if (unit_of(field.quantity).empty()) {
        f.fail_value("quantity", "one of power, power_limit, hashrate_5s, hashrate_avg, temp_board, temp_chip, fan, uptime");
      }
      field.scale = f.get_number("scale", 1, -1e12, 1e12);
      field.negative_unavailable = f.get_bool("negative_unavailable", false);
      f.finish();
      read.fields.push_back(std::move(field));
    }
    r.finish();
    p.reads.push_back(std::move(read));
  }
  if (auto c = s.optional_section("combine")) {
    for (const auto& [quantity, _] : miner_quantities()) {
      if (!c->has(quantity)) continue;
      const std::string how = c->get_choice(quantity, "first", {"first", "max", "min", "sum"});
      p.combine.emplace_back(quantity, how == "max"   ? Combine::Max
                                       : how == "min" ? Combine::Min
                                       : how == "sum" ? Combine::Sum
                                                      : Combine::First);
    }
    c->finish();
  }
  s.finish();
  return p;
}

}  // namespace sitepower::miner
