#include "table_walk.h"

#include <algorithm>

namespace sitepower::snmp {

TableWalk::TableWalk(std::vector<Oid> columns, std::size_t max_rows)
    : columns_(std::move(columns)), last_(columns_), finished_(columns_.size(), false), rows_(columns_.size()), max_rows_(max_rows) {}

bool TableWalk::done() const { return std::all_of(finished_.begin(), finished_.end(), [](bool f) { return f; }); }

std::vector<Oid> TableWalk::next_request() const {
  std::vector<Oid> out;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (!finished_[c]) out.push_back(last_[c]);
  }
  return out;
}

std::string TableWalk::feed(const std::vector<Varbind>& answer) {
  std::vector<std::size_t> open;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (!finished_[c]) open.push_back(c);
  }
  if (open.empty()) return "";
  if (answer.empty()) return "empty GETBULK answer while walking " + to_string(columns_[open.front()]);
  for (std::size_t i = 0; i < answer.size(); ++i) {
    const std::size_t c = open[i % open.size()];
    if (finished_[c]) continue;
    const Varbind& vb = answer[i];
    if (vb.type == VarType::EndOfMibView || !has_prefix(vb.oid, columns_[c]) || vb.oid.size() == columns_[c].size()) {
      finished_[c] = true;
      continue;
    }
    if (!std::lexicographical_compare(last_[c].begin(), last_[c].end(), vb.oid.begin(), vb.oid.end())) {
      return "the PDU answered GETBULK with an OID out of order (" + to_string(vb.oid) + " after " + to_string(last_[c]) + ")";
    }
    if (rows_[c].size() == max_rows_) return "more than " + std::to_string(max_rows_) + " rows in " + to_string(columns_[c]);
    last_[c] = vb.oid;
    rows_[c].push_back(vb);
  }
  return "";
}

}  // namespace sitepower::snmp
