#include "plan.h"

namespace sitepower::redfish {

void Plan::add(const std::string& uri, Value v) {
  for (Source& s : sources) {
    if (s.uri == uri) {
      s.values.push_back(std::move(v));
      return;
    }
  }
  sources.push_back({uri, {std::move(v)}});
}

std::size_t Plan::value_count() const {
  std::size_t n = 0;
  for (const Source& s : sources) n += s.values.size();
  return n;
}

}  // namespace sitepower::redfish
