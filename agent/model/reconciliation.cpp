#include "reconciliation.h"

#include <fmt/format.h>

namespace sitepower {

Reconciliation reconcile(double measured_w, Quality measured_quality, const std::string& measured_error,
                         const QualitySum& reported, const ReconcileBand& band) {
  Reconciliation r;
  r.measured_w = measured_w;
  r.measured_quality = measured_quality;
  r.reported = reported;
  const Quality reported_quality = reported.quality();
  if (!has_value(measured_quality)) {
    r.quality = measured_quality;
    r.error = fmt::format("meter {}: {}", to_string(measured_quality), measured_error);
    return r;
  }
  if (!has_value(reported_quality)) {
    r.quality = reported_quality == Quality::Missing ? Quality::Missing : Quality::Bad;
    r.error = "no device reports power: " + reported.why;
    return r;
  }
  r.difference_w = measured_w - reported.value;
  if (measured_w > 0) r.ratio = reported.value / measured_w;
  if (measured_quality == Quality::Partial || reported_quality == Quality::Partial) {
    r.quality = Quality::Partial;
    r.error = measured_quality == Quality::Partial ? "meter partial: " + measured_error
                                                   : "reported leaves out " + reported.why;
    return r;
  }
  r.quality = measured_quality == Quality::Estimated || reported_quality == Quality::Estimated ? Quality::Estimated
                                                                                               : Quality::Good;
  if (measured_w < band.min_measured_w) {
    r.error = fmt::format("meter below {:g} W: ratio not judged", band.min_measured_w);
    return r;
  }
  r.out_of_band = r.ratio < band.ratio_min || r.ratio > band.ratio_max;
  if (r.out_of_band) r.error = fmt::format("ratio {:.3f} outside {:g}..{:g}", r.ratio, band.ratio_min, band.ratio_max);
  return r;
}

}  // namespace sitepower
