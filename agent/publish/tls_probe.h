#pragma once
#include <chrono>
#include <string>

#include "delivery_config.h"

namespace sitepower {

// Probes that explain a failed connect.
//
// Paho reports a failed TLS connect only as "code -1" (and Paho C++ 1.2's
// ssl_options error handler keeps a pointer to a copy of the options that
// connect() destroys, so it cannot be used). To tell the operator what is
// wrong, this repeats the handshake with OpenSSL and the same CA, client
// certificate and key, and returns OpenSSL's reason ("certificate verify
// failed: unable to get local issuer certificate"), or "" if the handshake
// works or the host cannot be reached at all. Blocking: run it off the
// executor.
std::string tls_probe(const std::string& uri, const TlsConfig& tls);

// Whether the broker's host:port accepts a TCP connection within `timeout`.
// Paho says "connect timeout" alike for a host that does not answer and for
// a broker that took the connection but sent no CONNACK; this tells them
// apart. Blocking: run it off the executor.
bool tcp_accepts(const std::string& uri, std::chrono::milliseconds timeout);

}  // namespace sitepower
