#include "broker_access.h"

#include <mqtt/connect_options.h>

namespace sitepower {

void set_broker_access(mqtt::connect_options& opts, const TlsConfig& tls, const std::string& username,
                       const std::string& password) {
  if (tls.enabled) {
    mqtt::ssl_options ssl;
    if (!tls.ca_file.empty()) ssl.set_trust_store(tls.ca_file);
    if (!tls.cert_file.empty()) {
      ssl.set_key_store(tls.cert_file);
      ssl.set_private_key(tls.key_file);
    }
    ssl.set_enable_server_cert_auth(tls.verify);
    ssl.set_verify(tls.verify);  // the certificate must name the host we dialled
    opts.set_ssl(std::move(ssl));
  }
  if (!username.empty()) opts.set_user_name(username);
  if (!password.empty()) opts.set_password(password);
}

}  // namespace sitepower
