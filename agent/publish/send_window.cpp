#include "send_window.h"

#include <algorithm>
#include <cstdint>

namespace sitepower {

SendWindow::SendWindow(Outbox& outbox, std::size_t max_in_flight, double backlog_share)
    : outbox_(outbox), window_(max_in_flight), backlog_share_(backlog_share) {}

void SendWindow::connected() {
  lost();
  backlog_cursor_ = 0;
  backlog_end_ = live_cursor_ = outbox_.last_id();
}

void SendWindow::lost() {
  in_flight_.clear();
  backlog_in_flight_ = 0;
}

void SendWindow::fill(const Publish& publish) {
  // Live first, then the backlog within its share (at least one slot).
  send(window_ - std::min(window_, in_flight_.size()), live_cursor_, UINT64_MAX, false, publish);
  const auto backlog_cap = std::max<std::size_t>(1, static_cast<std::size_t>(window_ * backlog_share_));
  if (backlog_cursor_ < backlog_end_ && backlog_in_flight_ < backlog_cap) {
    send(std::min(backlog_cap - backlog_in_flight_, window_ - std::min(window_, in_flight_.size())), backlog_cursor_,
         backlog_end_, true, publish);
  }
}

void SendWindow::send(std::size_t max, std::uint64_t& cursor, std::uint64_t last, bool backlog,
                      const Publish& publish) {
  if (max == 0) return;
  for (auto& m : outbox_.next(max, cursor)) {
    if (m.id > last) break;
    const std::uint64_t send = next_send_++;
    if (!publish(m, send)) break;  // stays in the outbox; sent again after the next reconnect
    in_flight_[send] = InFlight{m.id, backlog};
    backlog_in_flight_ += backlog;
    cursor = m.id;
  }
}

std::optional<std::uint64_t> SendWindow::settle(std::uint64_t send) {
  auto it = in_flight_.find(send);
  if (it == in_flight_.end()) return std::nullopt;
  const std::uint64_t id = it->second.id;
  backlog_in_flight_ -= it->second.backlog;
  in_flight_.erase(it);
  return id;
}

}  // namespace sitepower
