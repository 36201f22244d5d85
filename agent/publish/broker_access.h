#pragma once
// How the agent and sitepower-tail present themselves to a broker: one place
// turns the TLS settings and the credentials into Paho's options, so both
// programs get in under the same rules (the files behind them are checked by
// credential_files.h).
#include <string>

#include "delivery_config.h"

namespace mqtt {
class connect_options;
}  // namespace mqtt

namespace sitepower {

// Sets TLS (if tls.enabled: the CA, the client certificate and key, and with
// tls.verify the chain and the host name) and the username and password (each
// if not empty) on `opts`.
void set_broker_access(mqtt::connect_options& opts, const TlsConfig& tls, const std::string& username,
                       const std::string& password);

}  // namespace sitepower
