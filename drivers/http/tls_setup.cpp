#include "tls_setup.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

namespace sitepower::http {
namespace {

// The verify results an operator acts on differently: renew the
// certificate, give the right CA file, or fix the name.
const char* verify_kind(long result) {
  switch (result) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "expired";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return "unknown CA";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "name mismatch";
    default:
      return "invalid";
  }
}

}  // namespace

void configure(TlsContext& ctx, const TlsSettings& tls) {
  namespace ssl = boost::asio::ssl;
  ctx.context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                          ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  if (!tls.verify) {
    ctx.context.set_verify_mode(ssl::verify_none);
    return;
  }
  ctx.context.set_verify_mode(ssl::verify_peer);
  boost::system::error_code ec;
  if (tls.ca_file.empty()) {
    ctx.context.set_default_verify_paths(ec);
  } else {
    ctx.context.load_verify_file(tls.ca_file, ec);
  }
  if (ec) {
    ctx.error = "CA file " + (tls.ca_file.empty() ? std::string("store of the system") : tls.ca_file) +
                " not loaded: " + ec.message();
  }
}

void expect_peer_name(ssl_st* ssl, const std::string& name) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(name, ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (!ec) {
    X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
    return;
  }
  SSL_set_tlsext_host_name(ssl, name.c_str());
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
}

std::string tls_failure(ssl_st* ssl, const boost::system::error_code& ec) {
  const long result = SSL_get_verify_result(ssl);
  if (result != X509_V_OK) {
    return std::string("TLS certificate rejected (") + verify_kind(result) + "): " + X509_verify_cert_error_string(result);
  }
  return "TLS handshake failed: " + ec.message();
}

}  // namespace sitepower::http
