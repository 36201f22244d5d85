// The shipped SunSpec profile against the real libmodbus peer serving the
// model 203 image, with points the meter does not implement: each marker
// arrives as a bad reading, and the points next to them stay good.
#include <filesystem>
#include <fstream>

#include "device_fixture.h"

namespace sitepower::test {
namespace {

// sunspec-203.txt, then the same meter without export counting (TotWhExp
// acc32 = 0) and without a reactive-power scale factor (VAR_SF = 0x8000).
std::string image_without_export(const std::string& dir) {
  const std::string path = dir + "/sunspec-203-no-export.txt";
  std::filesystem::copy_file(source_path("tests/drivers/modbus/peer/images/sunspec-203.txt"), path);
  std::ofstream(path, std::ios::app) << "holding 40160 u32 0        # TotWhExp: not implemented\n"
                                     << "holding 40154 u16 0x8000   # VAR_SF: not implemented\n";
  return path;
}

TEST_F(ModbusDeviceTest, SunSpecNotImplementedMarkersAreBadReadings) {
  auto& peer = start_peer(Mode::Tcp, {{1, image_without_export(dir_), ""}});
  auto driver = make("{profile: sunspec-meter, " + where(peer) + "}");
  const PollResult r = poll(*driver);
  ASSERT_EQ(r.error, "");
  const Reading* exported = find(r, "total", "energy_export");
  const Reading* imported = find(r, "total", "energy_import");
  const Reading* reactive = find(r, "total", "reactive_power");
  const Reading* phase_c = find(r, "L3", "current");
  ASSERT_TRUE(exported && imported && reactive && phase_c);
  EXPECT_EQ(exported->quality, Quality::Bad);
  EXPECT_EQ(exported->error, "not implemented by the device");
  EXPECT_EQ(imported->quality, Quality::Good);
  EXPECT_EQ(imported->value, 9876540);
  EXPECT_EQ(reactive->quality, Quality::Bad);
  EXPECT_EQ(reactive->error, "scale factor not implemented by the device");
  EXPECT_EQ(phase_c->quality, Quality::Bad);  // int16 0x8000, in the image as shipped
  EXPECT_EQ(find(r, "total", "power")->quality, Quality::Good);
}

}  // namespace
}  // namespace sitepower::test
