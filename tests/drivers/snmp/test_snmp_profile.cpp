#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "config_error.h"
#include "process.h"
#include "snmp_profile.h"

namespace sitepower::snmp {
namespace {

TEST(SnmpProfile, EveryShippedProfileLoads) {
  int count = 0;
  for (const auto& f : std::filesystem::directory_iterator(test::source_path("drivers/snmp/profiles"))) {
    const Profile p = load_profile(f.path().string());
    EXPECT_EQ(p.name + ".yaml", f.path().filename().string());
    EXPECT_FALSE(p.outlet.empty()) << p.name;
    EXPECT_FALSE(p.inlet.empty()) << p.name;
    ++count;
  }
  EXPECT_EQ(count, 4);
}

TEST(SnmpProfile, FindsShippedProfilesByNameAndSiteProfilesFirst) {
  const std::string dir = test::make_temp_dir("sitepower-snmp-profile");
  EXPECT_NE(find_profile("raritan-px", dir).find("drivers/snmp/profiles/raritan-px.yaml"), std::string::npos);
  std::filesystem::create_directories(dir + "/profiles");
  std::ofstream(dir + "/profiles/raritan-px.yaml") << "name: mine\n";
  EXPECT_EQ(find_profile("raritan-px", dir), dir + "/profiles/raritan-px.yaml");
  EXPECT_THROW(find_profile("no-such-pdu", dir), ConfigError);
  std::filesystem::remove_all(dir);
}

TEST(SnmpProfile, ErrorsNameTheKey) {
  const std::string dir = test::make_temp_dir("sitepower-snmp-profile");
  auto error_of = [&](const std::string& text) {
    std::ofstream(dir + "/p.yaml") << text;
    try {
      load_profile(dir + "/p.yaml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("name: x\ninlet: {values: [{quantity: power, oid: 1.3.x}]}\n").find("oid"), std::string::npos);
  EXPECT_NE(error_of("name: x\ninlet: {values: [{quantity: heat, oid: 1.3.6}]}\n").find("quantity"), std::string::npos);
  EXPECT_NE(error_of("name: x\noutlets: {values: [{quantity: power, oid: 1.3.6}], state: {oid: 1.3.7}}\n").find("on"),
            std::string::npos);
  EXPECT_NE(error_of("name: x\n").find("inlet"), std::string::npos);
  EXPECT_NE(error_of("name: x\ninlet: {values: [{quantity: power, oid: 1.3.6, scael: 2}]}\n").find("scael"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(SnmpProfile, OutletNumberIsTheLastIndexBeforeTheSuffix) {
  EXPECT_EQ(outlet_of({1, 3, 4, 1, 7, 5}, {1, 3, 4}, {5}), 7u);  // Raritan <pdu>.<outlet>.<type>
  EXPECT_EQ(outlet_of({1, 3, 4, 1, 7, 1}, {1, 3, 4}, {5}), std::nullopt);
  EXPECT_EQ(outlet_of({1, 3, 4, 12}, {1, 3, 4}, {}), 12u);  // APC <outlet>
  EXPECT_EQ(outlet_of({1, 3, 4}, {1, 3, 4}, {}), std::nullopt);
  EXPECT_EQ(outlet_of({1, 3, 5, 1}, {1, 3, 4}, {}), std::nullopt);
}

}  // namespace
}  // namespace sitepower::snmp
