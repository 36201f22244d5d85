#pragma once
// A meter's registers as a text file, one typed value a line, so a test's
// known values are written once and read by both the peer and the test:
//   <holding|input> <address> <u16|s16|u32|s32|u64|s64|f32|f64> <value>
// Multi-register values are stored high word first; floats accept "nan".
#include <modbus/modbus.h>

#include <string>

namespace sitepower::test {

// Loads `path` into `map` (whose tables span all 65536 registers); throws
// std::runtime_error naming the line on a bad entry.
void load_register_image(const std::string& path, modbus_mapping_t* map);

}  // namespace sitepower::test
