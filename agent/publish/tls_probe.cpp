#include "tls_probe.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace sitepower {
namespace {

std::string openssl_errors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += (out.empty() ? "" : "; ") + std::string(buf);
  }
  return out;
}

// "ssl://host:8883" -> {"host", "8883"} (IPv6 literals in brackets lose them).
std::pair<std::string, std::string> host_and_port(const std::string& uri) {
  const std::string host_port = uri.substr(uri.find("://") + 3);
  const std::size_t colon = host_port.rfind(':');
  std::string host = host_port.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, colon == std::string::npos ? "1883" : host_port.substr(colon + 1)};
}

}  // namespace

bool tcp_accepts(const std::string& uri, std::chrono::milliseconds timeout) {
  const auto [host, port] = host_and_port(uri);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return false;
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  for (const addrinfo* a = found; a; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    bool ok = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0;
    if (!ok && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof err;
      ok = ::poll(&p, 1, static_cast<int>(timeout.count())) == 1 &&
           ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
    }
    ::close(fd);
    if (ok) return true;
  }
  return false;
}

std::string tls_probe(const std::string& uri, const TlsConfig& tls) {
  const std::string host_port = uri.substr(uri.find("://") + 3);
  const std::string host = host_port.substr(0, host_port.rfind(':'));
  ERR_clear_error();
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!ctx) return "cannot set up OpenSSL: " + openssl_errors();
  const bool ca_ok = tls.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get())
                                         : SSL_CTX_load_verify_locations(ctx.get(), tls.ca_file.c_str(), nullptr);
  if (!ca_ok) return "cannot load the CA file " + tls.ca_file + ": " + openssl_errors();
  if (!tls.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), tls.cert_file.c_str()) != 1) {
      return "cannot load the client certificate " + tls.cert_file + ": " + openssl_errors();
    }
    if (SSL_CTX_use_PrivateKey_file(ctx.get(), tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1) {
      return "cannot use the client key " + tls.key_file + " with " + tls.cert_file + ": " + openssl_errors();
    }
  }
  SSL_CTX_set_verify(ctx.get(), tls.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);

  BIO* tcp = BIO_new_connect(host_port.c_str());
  if (!tcp || BIO_do_connect(tcp) <= 0) {
    BIO_free_all(tcp);
    ERR_clear_error();
    return "";  // not reachable: not a TLS problem
  }
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_bio(ssl.get(), tcp, tcp);  // ssl owns the BIO now
  SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  if (tls.verify) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
    ERR_clear_error();
  }
  if (SSL_connect(ssl.get()) == 1) {
    SSL_shutdown(ssl.get());
    return "";
  }
  const long verify = SSL_get_verify_result(ssl.get());
  std::string why = openssl_errors();
  if (verify != X509_V_OK) why = std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
  return why.empty() ? "the broker closed the connection during the handshake" : why;
}

}  // namespace sitepower
