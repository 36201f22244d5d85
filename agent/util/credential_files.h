#pragma once
// The files that let the agent and sitepower-tail into a broker: one rule for
// both (the agent's mqtt.password_file and tls: files, the tail's
// --password-file, --ca-file, --cert-file, --key-file).
#include <stdexcept>
#include <string>

namespace sitepower {

// A regular file this process can open for reading now.
bool is_readable_file(const std::string& path);

// MQTT's limit on a password, in bytes.
inline constexpr std::size_t kMaxPasswordBytes = 65535;

// What is wrong with a password file; names the file, never its content.
struct PasswordFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The password file rule: a readable regular file whose first line, without
// its line ending ("\n" or "\r\n"), is the password. The password must not be
// empty and is at most kMaxPasswordBytes; anything after the first line must
// be blank, so a file that is not a password file (Mosquitto's own password
// list, a config) is refused instead of sending its first line. Throws
// PasswordFileError.
std::string read_password_file(const std::string& path);

}  // namespace sitepower
