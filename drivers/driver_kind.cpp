#include "driver.h"

namespace sitepower {

std::shared_ptr<const DeviceSettings> DriverKind::read(Section& section, const DriverContext& ctx) const {
  const OptionValues values = options->read(section);
  return parse(values, ctx);
}

}  // namespace sitepower
