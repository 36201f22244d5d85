#pragma once
// Walking table columns with GETBULK, as a pure state machine: the device
// sends next_request() and feeds each answer back. Several columns are walked
// side by side in one request (the answer interleaves them row by row), and a
// column ends where the agent leaves its subtree or reports endOfMibView.
#include <cstddef>
#include <string>
#include <vector>

#include "varbind.h"

namespace sitepower::snmp {

class TableWalk {
 public:
  // A walk stops with an error beyond `max_rows` per column (a looping agent).
  explicit TableWalk(std::vector<Oid> columns, std::size_t max_rows = 4096);

  bool done() const;
  // The OIDs to ask GETBULK for: the last one seen of each unfinished column.
  std::vector<Oid> next_request() const;
  // Takes the answer to next_request(); returns why the walk cannot go on, or "".
  std::string feed(const std::vector<Varbind>& answer);
  // Per column (in the constructor's order): its rows, index order.
  const std::vector<std::vector<Varbind>>& rows() const { return rows_; }
  const std::vector<Oid>& columns() const { return columns_; }

 private:
  std::vector<Oid> columns_;
  std::vector<Oid> last_;
  std::vector<bool> finished_;
  std::vector<std::vector<Varbind>> rows_;
  std::size_t max_rows_;
};

}  // namespace sitepower::snmp
