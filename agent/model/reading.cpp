#include "reading.h"

namespace sitepower {

const char* to_string(Quality q) {
  switch (q) {
    case Quality::Good: return "good";
    case Quality::Bad: return "bad";
    case Quality::Stale: return "stale";
    case Quality::Missing: return "missing";
    case Quality::Partial: return "partial";
    case Quality::Estimated: return "estimated";
  }
  return "unknown";
}

bool has_value(Quality q) { return q == Quality::Good || q == Quality::Estimated || q == Quality::Partial; }

}  // namespace sitepower
