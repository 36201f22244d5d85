#include "request_trace.h"

#include <fmt/format.h>

namespace sitepower::modbus {
namespace {

long long ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

std::string trace_line(const ReadRequest& req, const Response& answer, std::chrono::steady_clock::duration took) {
  const std::string sent = fmt::format("unit {} FC{} read {} {} x{}", req.unit, function_code(req.table),
                                       req.table == Table::Holding ? "holding" : "input", req.address, req.count);
  switch (answer.kind) {
    case Response::Kind::Registers:
      return fmt::format("{} -> {} bytes in {} ms", sent, 2 * answer.registers.size(), ms(took));
    case Response::Kind::NoAnswer: return fmt::format("{} -> {}", sent, answer.error);
    case Response::Kind::Exception:
    case Response::Kind::Malformed: break;
  }
  return fmt::format("{} -> {} in {} ms", sent, answer.error, ms(took));
}

}  // namespace sitepower::modbus
