#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace sitepower::test {

// A child process started by a test: output goes to a log file that the test
// can read, and the destructor kills whatever is still running.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::string log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits for the exit; returns the exit code, 128+signal, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  std::string output() const;  // everything written so far
  // Waits until the output contains `text`; false on timeout or exit.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::string log_path_;
};

// A TCP port on 127.0.0.1 that nobody listens on right now.
int free_port();
// Waits until something accepts TCP connections on 127.0.0.1:port.
bool wait_for_port(int port, std::chrono::milliseconds timeout);
// A fresh directory under the system temp dir, removed by the caller.
std::string make_temp_dir(const std::string& prefix);
// A peer's log lines `request WHO TEXT` (WHO: the address or connection that
// sent it), each as TEXT, in order: what a client sent, for the test to prove.
std::vector<std::string> logged_requests(const std::string& log);
// Path of a built binary or a source file, from CMake definitions.
std::string binary_path(const std::string& name);
std::string source_path(const std::string& relative);

}  // namespace sitepower::test
