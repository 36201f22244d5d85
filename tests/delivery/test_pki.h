#pragma once
#include <string>
#include <vector>

namespace sitepower::test {

// Certificates made by the real openssl for one test: a CA, a server
// certificate for 127.0.0.1 signed by it, a client certificate (CN=agent)
// signed by it, and an unrelated CA that must not be trusted.
struct TestPki {
  explicit TestPki(const std::string& dir);
  std::string ca_cert, server_cert, server_key, client_cert, client_key, other_ca_cert;
};

// Runs a program (absolute path) to completion; throws with its output if it fails.
void run_tool(const std::vector<std::string>& argv, const std::string& log);

}  // namespace sitepower::test
