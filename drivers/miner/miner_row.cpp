#include "miner_row.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "reply.h"

namespace sitepower::miner {

namespace asio = boost::asio;

MinerRow::MinerRow(const asio::any_io_executor& executor, const MinerSettings& settings)
    : executor_(executor), settings_(settings), deadline_(executor) {
  miners_.reserve(settings_.hosts.size());
  for (const std::string& host : settings_.hosts) {
    miners_.emplace_back(asio::ip::tcp::endpoint(asio::ip::make_address(host), settings_.port),
                         Backoff(settings_.first_probe, settings_.probe_max));
    if (!settings_.detect) miners_.back().family = &settings_.families.front();
  }
}

MinerRow::~MinerRow() { stop_queries(); }

void MinerRow::stop_queries() {
  for (Miner& m : miners_) {
    if (m.query) m.query->cancel();
    m.query.reset();
  }
  waiting_.clear();
  in_flight_ = 0;
  deadline_.cancel();
}

void MinerRow::cancel() {
  stop_queries();
  for (Miner& m : miners_) m.done = true;
  open_miners_ = 0;
  done_ = nullptr;
}

void MinerRow::poll(PollCallback done) {
  stop_queries();
  done_ = std::move(done);
  const auto now = Clock::now();
  open_miners_ = 0;
  for (std::size_t i = 0; i < miners_.size(); ++i) {
    Miner& m = miners_[i];
    m.report = {};
    m.step = 0;
    if (now < m.next_probe) {
      // Backing off: the state stays as it was found, and says when it is looked at again.
      m.done = true;
      m.report.state = m.last_state;
      m.report.error = fmt::format("{}; next probe in {} s", m.last_error,
                                   std::chrono::duration_cast<std::chrono::seconds>(m.next_probe - now).count());
      continue;
    }
    m.done = false;
    m.detecting = settings_.detect && (m.family == nullptr || m.redetect);
    ++open_miners_;
    waiting_.push_back(i);
  }
  // The miners that ran out of time last poll go first: a miner that holds a
  // connection for its whole timeout then waits beside the others' exchanges,
  // not after them, and one left unpolled by the deadline is not left again.
  std::stable_partition(waiting_.begin(), waiting_.end(), [this](std::size_t i) { return miners_[i].late; });
  deadline_.expires_after(settings_.poll_deadline);
  deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    for (std::size_t i = 0; i < miners_.size(); ++i) {
      if (!miners_[i].done) end_miner(i, MinerState::Unpolled, "not polled within the row's timeout (connection budget)");
    }
  });
  if (open_miners_ == 0) {
    // Answer on the executor, never inside poll().
    asio::post(executor_, [this, alive = std::weak_ptr<int>(alive_)] {
      if (alive.lock()) finish_poll();
    });
    return;
  }
  pump();
}

void MinerRow::pump() {
  while (in_flight_ < settings_.max_connections && !waiting_.empty()) {
    const std::size_t i = waiting_.front();
    waiting_.pop_front();
    if (!miners_[i].done) send_step(i);
  }
}

void MinerRow::send_step(std::size_t index) {
  Miner& m = miners_[index];
  const Command command = m.detecting ? Command::Version : m.family->reads[m.step].command;
  ++in_flight_;
  const QueryLimits limits{settings_.miner_timeout, settings_.max_reply_bytes};
  m.query = Query::start(executor_, m.endpoint, command, limits, [this, index, command](QueryResult r) {
    --in_flight_;
    miners_[index].query.reset();
    if (trace_) {
      trace_(fmt::format("{} {} -> {} in {} ms", settings_.channel_of(index), command_name(command),
                         r.error.empty() ? std::to_string(r.reply.size()) + " bytes" : r.error, r.took.count()));
    }
    on_result(index, std::move(r));
    pump();
  });
}

void MinerRow::on_result(std::size_t index, QueryResult r) {
  Miner& m = miners_[index];
  m.late = r.timed_out;
  if (r.unreachable) return end_miner(index, MinerState::Unreachable, r.error);
  if (!r.error.empty()) return end_miner(index, MinerState::Failed, r.error);
  Reply reply = parse_reply(r.reply);
  if (!reply.error.empty()) return end_miner(index, MinerState::Failed, reply.error);
  if (m.detecting) {
    const Profile* family = detect_family(settings_.families, r.reply);
    if (!family) return end_miner(index, MinerState::Failed, "unknown firmware in the version reply");
    if (m.family && m.family != family) {
      spdlog::warn("miner {} {}: firmware changed: {}, was {}", settings_.device_id, settings_.channel_of(index),
                   family->name, m.family->name);
    }
    m.family = family;
    m.redetect = false;
    m.detecting = false;
  } else {
    extract(*m.family, m.family->reads[m.step], reply, m.report.values);
    ++m.step;
  }
  if (m.step == m.family->reads.size()) {
    if (m.report.values.empty()) {
      return end_miner(index, MinerState::Failed, "none of the " + m.family->name + " profile's fields in the replies");
    }
    const auto hashrate = m.report.values.find("hashrate_5s");
    if (hashrate == m.report.values.end()) return end_miner(index, MinerState::Failed, "no hashrate in the replies");
    return end_miner(index, hashrate->second > 0 ? MinerState::Mining : MinerState::Idle, "");
  }
  waiting_.push_front(index);  // finish a started miner before starting others
}

void MinerRow::end_miner(std::size_t index, MinerState state, std::string error) {
  Miner& m = miners_[index];
  if (m.done) return;
  m.done = true;
  if (m.query) {
    m.query->cancel();
    m.query.reset();
    --in_flight_;
  }
  m.report.state = state;
  m.report.error = std::move(error);
  if (state == MinerState::Unpolled) m.late = true;
  if (state == MinerState::Failed || state == MinerState::Unreachable) m.report.values.clear();
  // A failing miner may be running other firmware now (a reflash, a reboot into
  // another image): `auto` asks `version` again before its next reads.
  if ((state == MinerState::Failed || state == MinerState::Unreachable) && settings_.detect) m.redetect = true;
  if (state == MinerState::Unreachable) {
    m.next_probe = Clock::now() + m.backoff.next();
  } else if (state != MinerState::Unpolled) {
    m.backoff.reset();
    m.next_probe = {};
  }
  note_state(index);
  if (--open_miners_ == 0) {
    asio::post(executor_, [this, alive = std::weak_ptr<int>(alive_)] {
      if (alive.lock()) finish_poll();
    });
  }
}

void MinerRow::note_state(std::size_t index) {
  // One line per change of a miner's state (and of a failure's reason), not per poll.
  Miner& m = miners_[index];
  const MinerReport& r = m.report;
  if (r.state == m.last_state && (r.error == m.last_error || r.state == MinerState::Unpolled)) return;
  const std::string channel = settings_.channel_of(index);
  if (r.state == MinerState::Mining || r.state == MinerState::Idle) {
    if (m.last_state != MinerState::Unpolled || r.state == MinerState::Idle) {
      spdlog::info("miner {} {}: {} ({})", settings_.device_id, channel, to_string(r.state), m.family->name);
    }
  } else {
    spdlog::warn("miner {} {}: {}: {}", settings_.device_id, channel, to_string(r.state), r.error);
  }
  m.last_state = r.state;
  m.last_error = r.error;
}

void MinerRow::finish_poll() {
  if (!done_ || open_miners_ != 0) return;
  deadline_.cancel();
  std::vector<MinerReport> reports;
  reports.reserve(miners_.size());
  for (Miner& m : miners_) {
    // A limit of 0 is a firmware's "paused", not what the miner draws at full.
    if (const auto limit = m.report.values.find("power_limit"); limit != m.report.values.end() && limit->second > 0) {
      m.last_power_limit = limit->second;
    }
    m.report.last_power_limit = m.last_power_limit;
    reports.push_back(std::move(m.report));
  }
  std::vector<Reading> readings = row_readings(settings_, reports);
  std::size_t counts[5] = {};
  for (const MinerReport& r : reports) ++counts[static_cast<int>(r.state) + 1];
  std::string line = fmt::format("{} mining, {} idle, {} failed, {} unreachable, {} not polled", counts[4], counts[3],
                                 counts[2], counts[1], counts[0]);
  if (line != last_counts_) spdlog::info("miner {}: {} miners: {}", settings_.device_id, miners_.size(), line);
  last_counts_ = std::move(line);
  PollCallback done = std::move(done_);
  done_ = nullptr;
  done({std::move(readings), ""});
}

}  // namespace sitepower::miner
