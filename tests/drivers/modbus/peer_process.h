#pragma once
// Starts tests/drivers/modbus/peer/modbus-peer (the libmodbus meter) for one test.
#include <memory>
#include <string>
#include <vector>

#include "process.h"

namespace sitepower::test {

class ModbusPeerProcess {
 public:
  enum class Mode { Tcp, RtuOverTcp, RtuPty };
  struct UnitImage {
    int unit;
    std::string image;  // file name under tests/drivers/modbus/peer/images/, or an absolute path
    std::string fault;  // e.g. "silent", "exception:2"; empty: behave
  };

  ModbusPeerProcess(Mode mode, const std::vector<UnitImage>& units, const std::string& dir);
  int port() const { return port_; }
  const std::string& pty() const { return pty_; }  // RtuPty: the serial device the driver opens
  std::string log() const { return process_->output(); }
  // Function codes of every request the peer received, in order.
  std::vector<int> function_codes() const;
  std::size_t count(const std::string& text) const;

 private:
  int port_ = 0;
  std::string pty_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace sitepower::test
