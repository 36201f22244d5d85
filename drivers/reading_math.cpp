#include "reading_math.h"

namespace sitepower {

const Reading* find_reading(const std::vector<Reading>& readings, const std::string& channel,
                            const std::string& quantity) {
  for (const Reading& r : readings) {
    if (r.channel == channel && r.quantity == quantity) return &r;
  }
  return nullptr;
}

Reading sum_reading(const std::string& channel, const std::string& quantity, const std::string& unit,
                    const QualitySum& sum) {
  Reading r{channel, quantity, sum.value, unit, sum.quality(), ""};
  r.estimated = sum.estimated;
  if (r.quality != Quality::Good) r.error = sum.why;
  return r;
}

Reading difference_reading(const std::string& channel, const std::string& quantity, const Reading* a,
                           const std::string& a_name, const Reading* b, const std::string& b_name) {
  Reading r{channel, quantity, 0, a ? a->unit : "", Quality::Good, ""};
  for (const auto& [name, in] : {std::pair{&a_name, a}, std::pair{&b_name, b}}) {
    if (!in || !has_value(in->quality)) {
      r.quality = Quality::Bad;
      r.error = *name + (in ? ": " + in->error : " not read");
      return r;
    }
    if (in->quality != Quality::Good && r.quality == Quality::Good) {
      r.quality = Quality::Partial;
      r.error = *name + " " + to_string(in->quality) + ": " + in->error;
    }
  }
  r.value = a->value - b->value;
  return r;
}

}  // namespace sitepower
