#pragma once
// One request and its outcome as a commissioning line (Driver::set_request_trace).
#include <chrono>
#include <string>

#include "modbus_frame.h"

namespace sitepower::modbus {

// "unit 1 FC4 read input 0 x54 -> 108 bytes in 12 ms",
// "unit 1 FC3 read holding 40000 x2 -> no answer within 500 ms".
std::string trace_line(const ReadRequest& req, const Response& answer, std::chrono::steady_clock::duration took);

}  // namespace sitepower::modbus
