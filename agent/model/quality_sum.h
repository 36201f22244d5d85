#pragma once
// The one rule by which the split adds up values of mixed quality: a group's
// children, a node's reported devices, a rollup over devices. A value that has
// one (GOOD, ESTIMATED, PARTIAL: has_value) counts, its estimated part summed
// apart; one without (BAD, STALE, MISSING) is left out and named, never read as 0.
#include <string>

#include "reading.h"

namespace sitepower {

struct QualitySum {
  double value = 0;
  double estimated = 0;  // the part of value that is estimated
  unsigned counted = 0;
  unsigned estimates = 0; // counted, ESTIMATED
  unsigned partial = 0;   // counted, but leaving inputs of their own out
  unsigned left_out = 0;
  std::string why;        // "name (stale), ..." for the inputs not counted whole

  void add(double v, double estimated_part, Quality q, const std::string& name);
  // Adds another sum's inputs, as if each had been added here.
  void merge(const QualitySum& other);
  // MISSING: no input. BAD: none counted. PARTIAL: some left out or partial.
  // ESTIMATED: every input counted whole, some estimated. GOOD otherwise.
  Quality quality() const;
};

}  // namespace sitepower
