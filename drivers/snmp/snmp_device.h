#pragma once
// One PDU read over SNMP: per poll, one GET for the inlet values, then a
// GETBULK walk of the outlet columns, then decode_readings().
#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver.h"
#include "pdu_readings.h"
#include "snmp_session.h"
#include "snmp_settings.h"
#include "table_walk.h"

namespace sitepower::snmp {

class SnmpDevice : public Driver {
 public:
  SnmpDevice(boost::asio::any_io_executor executor, const SnmpSettings& settings);

  void poll(PollCallback done) override;
  void cancel() override;
  void set_request_trace(RequestTrace trace) override { trace_ = std::move(trace); }

 private:
  void read_scalars();
  void walk_step();
  void finish();
  void fail(const std::string& why);
  void note_outlet_count(std::size_t count);

  SnmpSettings settings_;
  SnmpSession session_;
  std::vector<Oid> scalar_oids_;
  std::vector<Oid> column_oids_;
  PollCallback done_;
  PduAnswers answers_;
  std::optional<TableWalk> walk_;
  std::optional<std::size_t> outlet_count_;  // from the last walk, to log changes once
  std::chrono::steady_clock::time_point sent_at_;
  RequestTrace trace_;
};

}  // namespace sitepower::snmp
