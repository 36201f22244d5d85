#include "quality_sum.h"

namespace sitepower {
namespace {

// How many inputs `why` names before "...".
constexpr unsigned kNamed = 8;

}  // namespace

void QualitySum::add(double v, double estimated_part, Quality q, const std::string& name) {
  const bool counts = has_value(q);
  if (counts) {
    value += v;
    estimated += estimated_part;
    ++counted;
  } else {
    ++left_out;
  }
  estimates += q == Quality::Estimated;
  partial += q == Quality::Partial;
  if (q == Quality::Good || q == Quality::Estimated) return;
  const unsigned named = partial + left_out;
  if (named <= kNamed) why += (why.empty() ? "" : ", ") + name + " (" + to_string(q) + ")";
  if (named == kNamed + 1) why += ", ...";
}

void QualitySum::merge(const QualitySum& other) {
  // Names past kNamed are cut, as add() does: a class over 2,000 devices stays one line.
  const bool room = partial + left_out < kNamed;
  value += other.value;
  estimated += other.estimated;
  counted += other.counted;
  estimates += other.estimates;
  partial += other.partial;
  left_out += other.left_out;
  if (!other.why.empty() && room) why += (why.empty() ? "" : ", ") + other.why;
  if (!other.why.empty() && !room && !why.ends_with("...")) why += ", ...";
}

Quality QualitySum::quality() const {
  if (counted == 0) return left_out ? Quality::Bad : Quality::Missing;
  if (left_out || partial) return Quality::Partial;
  return estimates ? Quality::Estimated : Quality::Good;
}

}  // namespace sitepower
