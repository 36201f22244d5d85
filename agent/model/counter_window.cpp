#include "counter_window.h"

#include "counter.h"

namespace sitepower {

CounterWindow::CounterWindow(std::chrono::seconds length, State state) : length_(length), state_(state) {}

void CounterWindow::count(double seconds, double wh, bool known) {
  if (seconds <= 0) return;
  if (known) {
    state_.tally.wh += wh;
    state_.tally.known_s += seconds;
  } else {
    state_.tally.unknown_s += seconds;
    ++state_.tally.gaps;
  }
}

DemandFigures CounterWindow::close(Wall now) {
  const DemandFigures f = window_figures(state_.window, length_, state_.tally, now, 0);
  state_.tally = {};
  return f;
}

std::optional<DemandFigures> CounterWindow::roll(Wall wall) {
  const std::int64_t w = window_index(wall, length_);
  if (state_.window < 0 || w == state_.window) return std::nullopt;
  const Wall boundary = Wall(std::chrono::duration_cast<Wall::duration>(length_ * (state_.window + 1)));
  DemandFigures closed = close(boundary);
  state_.window = w;
  return closed;
}

std::optional<DemandFigures> CounterWindow::add(Wall wall, double value_wh, double span_wh) {
  if (state_.last_wall && wall <= *state_.last_wall) return std::nullopt;
  if (!state_.last_wall) {
    state_.window = window_index(wall, length_);
    state_.last_wall = wall;
    state_.last_wh = value_wh;
    return std::nullopt;
  }
  const CounterStep step = counter_step(state_.last_wh, value_wh, span_wh);
  const bool known = step.event == CounterEvent::Continues || step.event == CounterEvent::Wrapped;
  if (step.event == CounterEvent::Reset) ++state_.tally.resets;
  if (step.event == CounterEvent::Wrapped) ++state_.tally.wraps;
  const Wall from = *state_.last_wall;
  const double seconds = std::chrono::duration<double>(wall - from).count();
  state_.last_wall = wall;
  state_.last_wh = value_wh;

  const std::int64_t w = window_index(wall, length_);
  const Wall window_start = Wall(std::chrono::duration_cast<Wall::duration>(length_ * state_.window));
  // The part of the interval before the open window was settled already (as
  // unknown time) by a roll(): only the rest is counted.
  const Wall start = std::max(from, window_start);
  const double counted_s = std::chrono::duration<double>(wall - start).count();
  const double share = seconds > 0 ? counted_s / seconds : 0;
  if (w == state_.window) {
    count(counted_s, step.increase * share, known);
    return std::nullopt;
  }
  const Wall boundary = Wall(std::chrono::duration_cast<Wall::duration>(length_ * (state_.window + 1)));
  if (w == state_.window + 1) {
    const double before_s = std::chrono::duration<double>(boundary - start).count();
    count(before_s, step.increase * before_s / seconds, known);
    DemandFigures closed = close(boundary);
    state_.window = w;
    const double after_s = std::chrono::duration<double>(wall - boundary).count();
    count(after_s, step.increase * after_s / seconds, known);
    return closed;
  }
  // A whole window or more between two readings: unknown how it splits.
  count(std::chrono::duration<double>(boundary - start).count(), 0, false);
  DemandFigures closed = close(boundary);
  state_.window = w;
  const Wall new_start = Wall(std::chrono::duration_cast<Wall::duration>(length_ * w));
  count(std::chrono::duration<double>(wall - new_start).count(), 0, false);
  return closed;
}

std::optional<DemandFigures> CounterWindow::current(Wall now, double rate_w) const {
  if (!state_.last_wall) return std::nullopt;
  return window_figures(state_.window, length_, state_.tally, now, rate_w);
}

}  // namespace sitepower
