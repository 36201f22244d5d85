#include "test_ca.h"

#include <fstream>
#include <stdexcept>
#include <vector>

#include "process.h"

namespace sitepower::test {
namespace {

void openssl(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  ChildProcess p(args, dir + "/openssl.log");
  if (p.wait(std::chrono::seconds(30)) != 0) throw std::runtime_error("openssl failed: " + p.output());
}

}  // namespace

TestCa::TestCa(const std::string& dir) : dir_(dir), ca_pem_(dir + "/ca.pem"), ca_key_(dir + "/ca.key") {
  openssl(dir_, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca_key_,
                 "-out", ca_pem_, "-days", "30", "-subj", "/CN=sitepower test CA"});
}

CertFiles TestCa::issue(const std::string& file_stem, const std::string& san, int days) const {
  const std::string base = dir_ + "/" + file_stem;
  CertFiles out{base + ".pem", base + ".key"};
  openssl(dir_, {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", out.key, "-out",
                 base + ".csr", "-subj", "/CN=" + file_stem});
  std::ofstream(base + ".ext") << "subjectAltName=" << san << "\n";
  openssl(dir_, {"x509", "-req", "-in", base + ".csr", "-CA", ca_pem_, "-CAkey", ca_key_, "-CAcreateserial", "-out",
                 out.cert, "-days", std::to_string(days), "-extfile", base + ".ext"});
  return out;
}

}  // namespace sitepower::test
