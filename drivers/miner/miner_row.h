#pragma once
// A row of miners, polled as one device: each poll asks every miner that is
// due, at most `max_connections` commands in flight, each command on its own
// connection (query.h), and answers with the row's readings before the
// device's timeout. An unreachable miner is probed with backoff (Backoff,
// from the interval up to probe_max_s); its readings say so meanwhile.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "backoff.h"
#include "driver.h"
#include "miner_settings.h"
#include "query.h"
#include "row_readings.h"

namespace sitepower::miner {

class MinerRow : public Driver {
 public:
  MinerRow(const boost::asio::any_io_executor& executor, const MinerSettings& settings);
  ~MinerRow() override;

  void poll(PollCallback done) override;
  void cancel() override;
  void set_request_trace(RequestTrace trace) override { trace_ = std::move(trace); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Miner {
    Miner(boost::asio::ip::tcp::endpoint to, Backoff b) : endpoint(std::move(to)), backoff(b) {}
    boost::asio::ip::tcp::endpoint endpoint;
    const Profile* family = nullptr;  // cached after detection (or the fixed one)
    bool redetect = false;            // ask `version` again before the next reads
    Backoff backoff;
    Clock::time_point next_probe{};
    MinerState last_state = MinerState::Unpolled;
    std::string last_error;
    std::optional<double> last_power_limit;  // kept across polls: a sleeping miner's full power
    bool late = false;  // its last poll ran out of time (its own timeout or the row's): started first next poll
    // This poll:
    std::size_t step = 0;  // 0: version (when detecting), then the family's reads
    bool detecting = false;
    bool done = true;
    MinerReport report;
    std::shared_ptr<Query> query;
  };

  void pump();
  void send_step(std::size_t index);
  void on_result(std::size_t index, QueryResult r);
  void end_miner(std::size_t index, MinerState state, std::string error);
  void finish_poll();
  void note_state(std::size_t index);
  void stop_queries();

  boost::asio::any_io_executor executor_;
  MinerSettings settings_;
  std::vector<Miner> miners_;
  std::deque<std::size_t> waiting_;  // miners whose next command waits for a connection
  std::size_t in_flight_ = 0;
  std::size_t open_miners_ = 0;
  boost::asio::steady_timer deadline_;
  PollCallback done_;
  RequestTrace trace_;
  std::string last_counts_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // posted work checks the row still exists
};

}  // namespace sitepower::miner
