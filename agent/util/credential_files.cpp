#include "credential_files.h"

#include <filesystem>
#include <fstream>

namespace sitepower {
namespace {

// Reads on only while it is blank: a large file costs no memory.
bool rest_is_blank(std::istream& in) {
  for (char c; in.get(c);) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace

bool is_readable_file(const std::string& path) {
  std::error_code ec;  // a permission error on the way is "cannot be read", not an exception
  return std::filesystem::is_regular_file(path, ec) && std::ifstream(path).is_open();
}

std::string read_password_file(const std::string& path) {
  if (!is_readable_file(path)) throw PasswordFileError(path + " does not exist or cannot be read");
  std::ifstream in(path, std::ios::binary);
  std::string password;
  // One byte over the limit (and a "\r") is enough to tell a too long password.
  for (char c; password.size() <= kMaxPasswordBytes + 1 && in.get(c) && c != '\n';) password += c;
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.size() > kMaxPasswordBytes) {
    throw PasswordFileError(path + " holds a password longer than MQTT's limit of " +
                            std::to_string(kMaxPasswordBytes) + " bytes");
  }
  if (password.empty()) throw PasswordFileError(path + " has no password on its first line");
  if (!rest_is_blank(in)) {
    throw PasswordFileError(path + " holds more than one line: a password file holds the password alone");
  }
  return password;
}

}  // namespace sitepower
