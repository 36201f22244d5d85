#include "clock_sync.h"

#include <sys/timex.h>

namespace sitepower {

std::optional<bool> clock_synchronised() {
  struct timex tx {};
  tx.modes = 0;  // read only: never adjusts the clock
  const int state = ::adjtimex(&tx);
  if (state == -1) return std::nullopt;
  return state != TIME_ERROR && (tx.status & STA_UNSYNC) == 0;
}

}  // namespace sitepower
