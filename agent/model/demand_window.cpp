#include "demand_window.h"

#include <algorithm>

namespace sitepower {
namespace {

// The integral runs on a steady-like axis: wall time since the epoch, which
// is what the windows are aligned to (a wall clock step is the clock's
// problem, alarmed on by issue 16's clock check, not hidden here).
EnergyIntegral::Time axis(DemandWindow::Wall wall) { return EnergyIntegral::Time(wall.time_since_epoch()); }

}  // namespace

std::int64_t window_index(std::chrono::system_clock::time_point wall, std::chrono::seconds length) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
  const auto len = std::chrono::duration_cast<std::chrono::milliseconds>(length).count();
  return ms >= 0 ? ms / len : (ms - len + 1) / len;
}

DemandFigures window_figures(std::int64_t window, std::chrono::seconds length, const EnergyTally& energy,
                             std::chrono::system_clock::time_point now, double rate_w) {
  DemandFigures f;
  const auto len_ms = std::chrono::duration_cast<std::chrono::milliseconds>(length).count();
  f.start_unix_ms = window * len_ms;
  f.end_unix_ms = f.start_unix_ms + len_ms;
  f.energy = energy;
  const double length_s = static_cast<double>(length.count());
  const double now_ms = static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  f.elapsed_s = (now_ms - static_cast<double>(f.start_unix_ms)) / 1000;
  f.average_w = f.energy.known_s > 0 ? f.energy.wh * 3600 / f.energy.known_s : 0;
  const double elapsed_s = std::min(std::max(0.0, f.elapsed_s), length_s);
  f.projected_w = (f.average_w * elapsed_s + rate_w * (length_s - elapsed_s)) / length_s;
  f.demand_w = f.energy.wh * 3600 / length_s;
  f.coverage = f.elapsed_s > 0 ? std::min(1.0, f.energy.known_s / f.elapsed_s) : 0;
  return f;
}

DemandWindow::DemandWindow(std::chrono::seconds length, std::chrono::milliseconds max_gap, State state)
    : length_(length), max_gap_(max_gap), window_(state.window), integral_(max_gap, state.integral), last_(state.last) {}

std::optional<DemandFigures> DemandWindow::add(Wall wall, double watts, double estimated_w, Quality quality) {
  if (last_ && wall < last_->wall) return std::nullopt;
  const std::int64_t w = window_index(wall, length_);
  std::optional<DemandFigures> closed;
  if (window_ >= 0 && w != window_) {
    const Wall boundary = Wall(std::chrono::duration_cast<Wall::duration>(length_ * (window_ + 1)));
    // The power at the boundary, on the line between the samples either side
    // (only where both have values: otherwise that stretch stays unknown).
    const bool valued = has_value(last_->quality) && has_value(quality);
    const double span = std::chrono::duration<double>(wall - last_->wall).count();
    const double part = span > 0 ? std::chrono::duration<double>(boundary - last_->wall).count() / span : 0;
    const double at_boundary = last_->watts + (watts - last_->watts) * part;
    const double estimated_at_boundary = last_->estimated_w + (estimated_w - last_->estimated_w) * part;
    const Quality boundary_quality = valued ? last_->quality : Quality::Missing;
    if (w == window_ + 1) integral_.add(axis(boundary), at_boundary, estimated_at_boundary, boundary_quality);
    closed = window_figures(window_, length_, integral_.tally(), boundary, 0);
    integral_ = EnergyIntegral(max_gap_);
    if (w == window_ + 1) integral_.add(axis(boundary), at_boundary, estimated_at_boundary, boundary_quality);
  }
  window_ = w;
  integral_.add(axis(wall), watts, estimated_w, quality);
  last_ = PowerSample{wall, watts, estimated_w, quality};
  return closed;
}

std::optional<DemandFigures> DemandWindow::current() const {
  if (!last_) return std::nullopt;
  return window_figures(window_, length_, integral_.tally(), last_->wall, has_value(last_->quality) ? last_->watts : 0);
}

}  // namespace sitepower
