// The one password-file rule, the agent's mqtt.password_file and
// sitepower-tail's --password-file alike (agent/util/credential_files.h).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "credential_files.h"
#include "process.h"

namespace sitepower {
namespace {

class CredentialFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = test::make_temp_dir("sitepower-credentials"); }
  void TearDown() override {
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
    std::filesystem::remove_all(dir_);
  }
  std::string file(const std::string& content) {
    const std::string path = dir_ + "/pw" + std::to_string(++files_);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  // The error for `path`, "" if the file is accepted.
  static std::string error_of(const std::string& path) {
    try {
      read_password_file(path);
    } catch (const PasswordFileError& e) {
      return e.what();
    }
    return "";
  }
  std::string dir_;
  int files_ = 0;
};

TEST_F(CredentialFilesTest, ThePasswordIsTheFirstLineWithoutItsLineEnding) {
  EXPECT_EQ(read_password_file(file("s3cret\n")), "s3cret");
  EXPECT_EQ(read_password_file(file("s3cret\r\n")), "s3cret");
  EXPECT_EQ(read_password_file(file("s3cret")), "s3cret");
  EXPECT_EQ(read_password_file(file("s3cret\n\n  \r\n")), "s3cret");  // blank lines after it: an editor's
  EXPECT_EQ(read_password_file(file(" with spaces \n")), " with spaces ");  // only the line ending is cut
}

TEST_F(CredentialFilesTest, AnEmptyPasswordIsRefused) {
  for (const char* content : {"", "\n", "\r\n", "\nsecond-line\n"}) {
    const std::string path = file(content);
    EXPECT_EQ(error_of(path), path + " has no password on its first line") << content;
  }
}

TEST_F(CredentialFilesTest, AFileOfMoreThanThePasswordIsRefusedWithoutShowingIt) {
  // Mosquitto's own password list given by mistake: its first line is no password.
  const std::string path = file("central:$7$101$abc\nagent:$7$101$def\n");
  const std::string e = error_of(path);
  EXPECT_EQ(e, path + " holds more than one line: a password file holds the password alone");
  EXPECT_EQ(e.find("central"), std::string::npos);
}

TEST_F(CredentialFilesTest, APasswordLongerThanMqttAllowsIsRefused) {
  EXPECT_EQ(read_password_file(file(std::string(kMaxPasswordBytes, 'x') + "\r\n")).size(), kMaxPasswordBytes);
  const std::string path = file(std::string(kMaxPasswordBytes + 1, 'x') + "\n");
  EXPECT_EQ(error_of(path), path + " holds a password longer than MQTT's limit of 65535 bytes");
}

TEST_F(CredentialFilesTest, AMissingUnreadableOrNonRegularFileIsRefused) {
  const std::string missing = dir_ + "/nope";
  EXPECT_FALSE(is_readable_file(missing));
  EXPECT_EQ(error_of(missing), missing + " does not exist or cannot be read");
  EXPECT_FALSE(is_readable_file(dir_));  // a directory
  EXPECT_EQ(error_of(dir_), dir_ + " does not exist or cannot be read");
  const std::string readable = file("s3cret\n");
  EXPECT_TRUE(is_readable_file(readable));
  // A file behind a directory this process may not enter (unless it is root, who may).
  std::filesystem::permissions(dir_, std::filesystem::perms::none);
  const bool root = ::geteuid() == 0;
  EXPECT_EQ(is_readable_file(readable), root);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all);
}

}  // namespace
}  // namespace sitepower
