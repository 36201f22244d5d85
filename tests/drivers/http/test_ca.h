#pragma once
// A certificate authority made by a test with the `openssl` command, and the
// server certificates it issues (valid, expired, for another name), so that
// TLS is tested against real certificates and real verification.
#include <string>

namespace sitepower::test {

struct CertFiles {
  std::string cert;  // PEM
  std::string key;   // PEM, unencrypted
};

class TestCa {
 public:
  // Makes DIR/ca.pem (and its key) now.
  explicit TestCa(const std::string& dir);
  const std::string& ca_file() const { return ca_pem_; }
  // A server certificate named `file_stem` in the dir, whose subjectAltName
  // is `san` ("IP:127.0.0.1", "DNS:pdu.example"), valid for `days` from now
  // (negative: it expired days ago).
  CertFiles issue(const std::string& file_stem, const std::string& san, int days = 30) const;

 private:
  std::string dir_;
  std::string ca_pem_;
  std::string ca_key_;
};

}  // namespace sitepower::test
