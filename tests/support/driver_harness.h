#pragma once
// A driver run in the test's own event loop, as the agent would run it: built
// from a YAML device section through its DriverKind, polled once with the
// scheduler's bound (cancel() at the deadline). Shared by the drivers' tests.
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "driver.h"
#include "section.h"

namespace sitepower::test {

// `yaml` holds the driver's own keys only (a flow mapping is fine); relative
// files resolve from `dir`.
inline std::unique_ptr<Driver> make_driver(const DriverKind& kind, const std::string& yaml, const std::string& dir,
                                           const std::string& device_id, std::chrono::milliseconds timeout,
                                           boost::asio::io_context& io) {
  Section s = load_yaml_text(yaml, dir + "/site.yaml", "devices[0]");
  return kind.build(*kind.read(s, DriverContext{device_id, dir, timeout, std::chrono::seconds(1)}), io.get_executor());
}

inline PollResult poll_bounded(boost::asio::io_context& io, Driver& d, std::chrono::milliseconds deadline) {
  std::optional<PollResult> got;
  d.poll([&](PollResult r) { got = std::move(r); });
  const auto end = std::chrono::steady_clock::now() + deadline;
  io.restart();
  while (!got && io.run_one_until(end)) {
  }
  if (!got) {
    d.cancel();
    return {{}, "test deadline passed"};
  }
  return *got;
}

inline const Reading* find_reading(const PollResult& r, const std::string& channel, const std::string& quantity) {
  for (const Reading& x : r.readings) {
    if (x.channel == channel && x.quantity == quantity) return &x;
  }
  return nullptr;
}

}  // namespace sitepower::test
