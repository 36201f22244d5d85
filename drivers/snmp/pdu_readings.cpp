#include "pdu_readings.h"

#include <algorithm>
#include <set>

namespace sitepower::snmp {
namespace {

void add_unique(std::vector<Oid>& out, const Oid& oid) {
  for (const Oid& o : out) {
    if (o == oid) return;
  }
  out.push_back(oid);
}

const Varbind* find(const std::map<Oid, Varbind>& m, const Oid& oid) {
  const auto it = m.find(oid);
  return it == m.end() ? nullptr : &it->second;
}

Reading bad(const std::string& channel, const ValueSpec& v, std::string why) {
  return {channel, v.quantity, 0, v.unit, Quality::Bad, std::move(why)};
}

// One value: `at` is the varbind's OID, `index` what follows the column (or
// nothing for scalars), so that the decimal-digits and availability OIDs are
// found as their own column (or instance) + index.
Reading read_value(const std::string& channel, const ValueSpec& v, const std::map<Oid, Varbind>& in, const Oid& at,
                   const Oid& index) {
  const Varbind* vb = find(in, at);
  if (!vb) return bad(channel, v, "no answer for " + to_string(at));
  if (v.available) {
    const Varbind* a = find(in, concat(*v.available, index));
    if (!a) return bad(channel, v, "no availability for " + to_string(at));
    const Converted flag = convert_enum(*a);
    if (!flag.value) return bad(channel, v, flag.error);
    if (*flag.value != 1) return bad(channel, v, "not available (the PDU says so at " + to_string(a->oid) + ")");
  }
  int digits = 0;
  if (v.decimal_digits) {
    const Varbind* d = find(in, concat(*v.decimal_digits, index));
    if (!d) return bad(channel, v, "no decimal digits for " + to_string(at));
    const Converted dd = convert_decimal_digits(*d);
    if (!dd.value) return bad(channel, v, dd.error);
    digits = static_cast<int>(*dd.value);
  }
  const Converted c = convert_value(*vb, v.rule, digits);
  if (!c.value) return bad(channel, v, c.error);
  return {channel, v.quantity, *c.value, v.unit, Quality::Good, "", counter_span(*vb, v.rule, digits)};
}

Oid index_of(const Oid& row, const Oid& column) { return Oid(row.begin() + static_cast<std::ptrdiff_t>(column.size()), row.end()); }

// Rows of one column by outlet number.
std::map<std::uint32_t, Oid> rows_by_outlet(const std::map<Oid, Varbind>& rows, const Oid& column, const Oid& suffix) {
  std::map<std::uint32_t, Oid> out;
  for (auto it = rows.lower_bound(column); it != rows.end() && has_prefix(it->first, column); ++it) {
    if (const auto n = outlet_of(it->first, column, suffix)) out.emplace(*n, it->first);
  }
  return out;
}

}  // namespace

std::vector<Oid> scalar_oids(const Profile& p) {
  std::vector<Oid> out;
  for (const ValueSpec& v : p.inlet) {
    add_unique(out, v.oid);
    if (v.decimal_digits) add_unique(out, *v.decimal_digits);
    if (v.available) add_unique(out, *v.available);
  }
  return out;
}

std::vector<Oid> column_oids(const Profile& p) {
  std::vector<Oid> out;
  for (const ValueSpec& v : p.outlet) {
    add_unique(out, v.oid);
    if (v.decimal_digits) add_unique(out, *v.decimal_digits);
    if (v.available) add_unique(out, *v.available);
  }
  if (p.outlet_name) add_unique(out, p.outlet_name->oid);
  if (p.outlet_state) add_unique(out, p.outlet_state->oid);
  return out;
}

PduReadings decode_readings(const Profile& p, const PduAnswers& answers) {
  PduReadings out;
  for (const ValueSpec& v : p.inlet) out.readings.push_back(read_value(p.inlet_channel, v, answers.scalars, v.oid, {}));

  std::vector<std::map<std::uint32_t, Oid>> value_rows;
  std::set<std::uint32_t> outlets;
  for (const ValueSpec& v : p.outlet) {
    value_rows.push_back(rows_by_outlet(answers.rows, v.oid, v.suffix));
    for (const auto& [n, _] : value_rows.back()) outlets.insert(n);
  }
  std::map<std::uint32_t, Oid> state_rows;
  if (p.outlet_state) state_rows = rows_by_outlet(answers.rows, p.outlet_state->oid, p.outlet_state->suffix);
  if (p.outlet_name) {
    for (const auto& [n, oid] : rows_by_outlet(answers.rows, p.outlet_name->oid, p.outlet_name->suffix)) {
      out.names[n] = convert_label(answers.rows.at(oid));
    }
  }

  for (const std::uint32_t n : outlets) {
    out.outlets.push_back(n);
    const std::string channel = "outlet" + std::to_string(n);
    const std::size_t first = out.readings.size();
    bool switched_off = false;
    if (const auto s = state_rows.find(n); s != state_rows.end()) {
      const Converted state = convert_enum(answers.rows.at(s->second));
      switched_off = state.value && std::find(p.outlet_state->on.begin(), p.outlet_state->on.end(),
                                              static_cast<std::int64_t>(*state.value)) == p.outlet_state->on.end();
    }
    for (std::size_t i = 0; i < p.outlet.size(); ++i) {
      const ValueSpec& v = p.outlet[i];
      if (switched_off && (v.quantity == "power" || v.quantity == "current")) {
        out.readings.push_back({channel, v.quantity, 0, v.unit, Quality::Good, ""});
        continue;
      }
      const auto row = value_rows[i].find(n);
      if (row == value_rows[i].end()) {
        out.readings.push_back(bad(channel, v, "no row for outlet " + std::to_string(n) + " in " + to_string(v.oid)));
        continue;
      }
      out.readings.push_back(read_value(channel, v, answers.rows, row->second, index_of(row->second, v.oid)));
    }
    // The outlet's name travels on each of its readings: outlet selectors match it.
    if (const auto name = out.names.find(n); name != out.names.end()) {
      for (std::size_t i = first; i < out.readings.size(); ++i) out.readings[i].label = name->second;
    }
  }
  return out;
}

}  // namespace sitepower::snmp
