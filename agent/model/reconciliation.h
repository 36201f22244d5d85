#pragma once
// A metered node against the power its devices say they draw (TreeNode::reported):
// miners under a row meter, GPU servers under a rack PDU. Operators use it to
// find miners that misreport, dead PSUs and loads nobody metered.
#include <string>

#include "quality_sum.h"
#include "site_model.h"

namespace sitepower {

struct Reconciliation {
  double measured_w = 0;  // the node's meter
  Quality measured_quality = Quality::Missing;
  QualitySum reported;    // the devices' own figures, summed
  double difference_w = 0;  // measured - reported
  double ratio = 0;         // reported / measured; 0 when measured is not above 0
  // GOOD or ESTIMATED (from the reported estimates): both sides whole, so the
  // difference and ratio are what they say. PARTIAL: a side leaves inputs out,
  // so they are shown, not judged. BAD, STALE, MISSING: a side has no value.
  Quality quality = Quality::Missing;
  // The ratio left [ratio_min, ratio_max]. Judged only when quality is GOOD or
  // ESTIMATED and the meter reads at least min_measured_w; `error` says why not.
  bool out_of_band = false;
  std::string error;
};

Reconciliation reconcile(double measured_w, Quality measured_quality, const std::string& measured_error,
                         const QualitySum& reported, const ReconcileBand& band);

}  // namespace sitepower
