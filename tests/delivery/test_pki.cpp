#include "test_pki.h"

#include <fstream>
#include <stdexcept>

#include "process.h"

namespace sitepower::test {

void run_tool(const std::vector<std::string>& argv, const std::string& log) {
  ChildProcess p(argv, log);
  if (p.wait(std::chrono::seconds(30)) != 0) throw std::runtime_error(argv[0] + " failed: " + p.output());
}

namespace {

const std::string kOpenssl = "/usr/bin/openssl";

// A self-signed CA: P-256 keys keep the test fast.
void make_ca(const std::string& base, const std::string& cn, const std::string& log) {
  run_tool({kOpenssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", base + ".key", "-out", base + ".crt", "-days", "2", "-subj", "/CN=" + cn},
           log);
}

void make_signed(const std::string& base, const std::string& cn, const std::string& ca, const std::string& ext,
                 const std::string& log) {
  run_tool({kOpenssl, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            base + ".key", "-out", base + ".csr", "-subj", "/CN=" + cn},
           log);
  std::ofstream(base + ".ext") << ext << "\n";
  run_tool({kOpenssl, "x509", "-req", "-in", base + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
            "-CAcreateserial", "-out", base + ".crt", "-days", "2", "-extfile", base + ".ext"},
           log);
}

}  // namespace

TestPki::TestPki(const std::string& dir) {
  const std::string log = dir + "/openssl.log";
  make_ca(dir + "/ca", "sitepower test CA", log);
  make_ca(dir + "/other-ca", "some other CA", log);
  make_signed(dir + "/server", "127.0.0.1", dir + "/ca", "subjectAltName=IP:127.0.0.1,DNS:localhost", log);
  make_signed(dir + "/client", "agent", dir + "/ca", "extendedKeyUsage=clientAuth", log);
  ca_cert = dir + "/ca.crt";
  other_ca_cert = dir + "/other-ca.crt";
  server_cert = dir + "/server.crt";
  server_key = dir + "/server.key";
  client_cert = dir + "/client.crt";
  client_key = dir + "/client.key";
}

}  // namespace sitepower::test
