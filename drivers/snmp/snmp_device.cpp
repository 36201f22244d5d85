#include "snmp_device.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sitepower::snmp {

SnmpDevice::SnmpDevice(boost::asio::any_io_executor executor, const SnmpSettings& settings)
    : settings_(settings),
      session_(executor, settings_.session),
      scalar_oids_(scalar_oids(settings_.profile)),
      column_oids_(column_oids(settings_.profile)) {}

void SnmpDevice::poll(PollCallback done) {
  done_ = std::move(done);
  answers_ = {};
  walk_.reset();
  read_scalars();
}

void SnmpDevice::cancel() {
  session_.cancel();
  done_ = nullptr;
  walk_.reset();
}

void SnmpDevice::read_scalars() {
  if (scalar_oids_.empty()) return walk_step();
  sent_at_ = std::chrono::steady_clock::now();
  session_.get(scalar_oids_, [this](Response r) {
    if (trace_) {
      trace_(fmt::format("GET {} OIDs -> {} in {} ms", scalar_oids_.size(),
                         r.error.empty() ? std::to_string(r.varbinds.size()) + " varbinds" : r.error,
                         std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent_at_).count()));
    }
    if (!r.error.empty()) return fail(r.error);
    for (Varbind& vb : r.varbinds) answers_.scalars.emplace(vb.oid, std::move(vb));
    walk_step();
  });
}

void SnmpDevice::walk_step() {
  if (column_oids_.empty()) return finish();
  if (!walk_) walk_.emplace(column_oids_);
  if (walk_->done()) return finish();
  const std::vector<Oid> request = walk_->next_request();
  sent_at_ = std::chrono::steady_clock::now();
  session_.get_bulk(request, settings_.max_repetitions, [this, asked = request.size()](Response r) {
    if (trace_) {
      trace_(fmt::format("GETBULK {} columns x {} -> {} in {} ms", asked, settings_.max_repetitions,
                         r.error.empty() ? std::to_string(r.varbinds.size()) + " varbinds" : r.error,
                         std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent_at_).count()));
    }
    if (!r.error.empty()) return fail(r.error);
    if (std::string why = walk_->feed(r.varbinds); !why.empty()) return fail(why);
    walk_step();
  });
}

void SnmpDevice::finish() {
  if (walk_) {
    for (const auto& column : walk_->rows()) {
      for (const Varbind& vb : column) answers_.rows.emplace(vb.oid, vb);
    }
  }
  PduReadings decoded = decode_readings(settings_.profile, answers_);
  if (!settings_.profile.outlet.empty()) note_outlet_count(decoded.outlets.size());
  PollCallback done = std::move(done_);
  done_ = nullptr;
  if (done) done({std::move(decoded.readings), ""});
}

void SnmpDevice::fail(const std::string& why) {
  PollCallback done = std::move(done_);
  done_ = nullptr;
  if (done) done({{}, why});
}

void SnmpDevice::note_outlet_count(std::size_t count) {
  // One line per change: a PDU whose outlet table grows or shrinks (a module
  // swapped, firmware still starting) says so once, not every poll.
  if (!outlet_count_) {
    spdlog::info("snmp {}: {} outlets in the table", settings_.device_id, count);
  } else if (*outlet_count_ != count) {
    spdlog::warn("snmp {}: outlet table changed size: {} outlets, was {}", settings_.device_id, count, *outlet_count_);
  }
  outlet_count_ = count;
}

}  // namespace sitepower::snmp
