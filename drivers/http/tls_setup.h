#pragma once
// TLS for the HTTP client: the context a device's settings make, the name its
// certificate must hold, and why a handshake failed, in an operator's words.
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <string>

#include "http_client.h"

struct ssl_st;

namespace sitepower::http {

// A client context: TLS 1.2 or later, verification as `tls` says. A CA file
// that cannot be loaded gives a context whose every handshake would fail:
// `error` says why (the file, OpenSSL's reason), and the client reports it
// instead of connecting.
struct TlsContext {
  boost::asio::ssl::context context{boost::asio::ssl::context::tls_client};
  std::string error;
};
void configure(TlsContext& ctx, const TlsSettings& tls);

// Before the handshake: SNI (names only: RFC 6066 forbids addresses) and the
// name or address the certificate must hold, checked by OpenSSL during the
// handshake so that its verify result says "hostname mismatch".
void expect_peer_name(ssl_st* ssl, const std::string& name);

// "TLS certificate rejected (expired): certificate has expired", "... (unknown
// CA): unable to get local issuer certificate", "... (name mismatch): IP address
// mismatch"; other failures "TLS handshake failed: <reason>".
std::string tls_failure(ssl_st* ssl, const boost::system::error_code& ec);

}  // namespace sitepower::http
