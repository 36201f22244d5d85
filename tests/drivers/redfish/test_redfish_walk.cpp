// The redfish driver's parts without a network: reading resources by JSON
// pointer (hostile bodies included), the walk over canned trees shaped as
// real BMCs lay them out, the readings a plan gives, and the login exchange.
#include <gtest/gtest.h>

#include <map>

#include "discovery.h"
#include "plan_readings.h"
#include "resource.h"
#include "session.h"

namespace sitepower::redfish {
namespace {

TEST(RedfishResource, ReadingsSayWhyTheyAreNotThere) {
  const Resource r(R"({"PowerWatts": {"Reading": 812.5}, "EnergykWh": {"Reading": null},
                       "Voltage": {"Reading": "230"}, "Name": "PSU 1"})");
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r.number("/PowerWatts/Reading").value, 812.5);
  EXPECT_EQ(r.number("/EnergykWh/Reading").why(), "null (not available)");
  EXPECT_EQ(r.number("/Voltage/Reading").why(), "not a number");
  EXPECT_EQ(r.number("/CurrentAmps/Reading").why(), "missing");
  EXPECT_EQ(r.number("not a pointer").why(), "missing");
  EXPECT_EQ(r.text("/Name"), "PSU 1");
  EXPECT_EQ(r.text("/PowerWatts"), "");
}

TEST(RedfishResource, NotJsonOrNotAnObjectIsAnError) {
  EXPECT_EQ(Resource("<html>503</html>").error().rfind("not JSON (offset 0: ", 0), 0u);
  EXPECT_EQ(Resource(R"({"PowerWatts": {"Reading": 5)").error().rfind("not JSON", 0), 0u);
  EXPECT_EQ(Resource("[1, 2]").error(), "not a JSON object");
  EXPECT_EQ(Resource("").error().rfind("not JSON", 0), 0u);
  EXPECT_EQ(Resource("[1]").number("/0").why(), "missing");
}

TEST(RedfishResource, OnlyLinksIntoTheServiceAreFollowed) {
  const Resource r(R"({"Members": [{"@odata.id": "/redfish/v1/Chassis/1"},
                                   {"@odata.id": "https://10.9.9.9/redfish/v1/Chassis/2"},
                                   {"@odata.id": "/redfish/v1/Chassis/../../etc"},
                                   {"@odata.id": "/redfish/v1/Chassis/1/Power#/PowerControl/0"},
                                   {"@odata.id": "/redfish/v1/Chassis/3?$expand=*"},
                                   {"@odata.id": 7}, "x",
                                   {"@odata.id": "/redfish/v1/Chassis/4/"}],
                       "Power": {"@odata.id": "/elsewhere"}})");
  EXPECT_EQ(r.members(), (std::vector<std::string>{"/redfish/v1/Chassis/1", "/redfish/v1/Chassis/4"}));
  EXPECT_FALSE(r.link("/Power"));
  EXPECT_EQ(last_segment("/redfish/v1/Chassis/System.Embedded.1"), "System.Embedded.1");
}

// A BMC as a map of resources: the walk is fed what it asks for.
using Tree = std::map<std::string, std::string>;

Discovery walk(const Tree& tree, Profile profile = generic_profile(), const std::vector<Profile>& candidates = {},
               bool psus = true) {
  static std::vector<Profile> kept;
  kept = candidates;
  Discovery d(std::move(profile), kept, psus);
  for (int guard = 0; guard < 1000; ++guard) {
    const auto next = d.next();
    if (!next) break;
    const auto it = tree.find(*next);
    if (it == tree.end()) {
      d.on_failure("HTTP 404");
    } else {
      d.on_resource(Resource(it->second));
    }
  }
  return d;
}

std::vector<std::string> values_of(const Plan& p) {
  std::vector<std::string> out;
  for (const Source& s : p.sources) {
    for (const Value& v : s.values) out.push_back(v.channel + "/" + v.quantity + " " + s.uri + v.pointer);
  }
  return out;
}

std::string link(const std::string& to) { return R"({"@odata.id": ")" + to + R"("})"; }
std::string members(std::initializer_list<std::string> to) {
  std::string out = R"({"Members": [)";
  for (const std::string& t : to) out += (out.back() == '[' ? "" : ",") + link(t);
  return out + "]}";
}

Tree idrac() {
  const std::string c = "/redfish/v1/Chassis/System.Embedded.1";
  return {
      {"/redfish/v1", R"({"Vendor": "Dell", "Chassis": )" + link("/redfish/v1/Chassis") +
                          R"(, "Links": {"Sessions": )" + link("/redfish/v1/SessionService/Sessions") + "}}"},
      {"/redfish/v1/Chassis", members({"/redfish/v1/Chassis/Enclosure.Internal.0-1", c})},
      {"/redfish/v1/Chassis/Enclosure.Internal.0-1", R"({"Id": "Enclosure.Internal.0-1"})"},
      {c, R"({"EnvironmentMetrics": )" + link(c + "/EnvironmentMetrics") + R"(, "PowerSubsystem": )" +
              link(c + "/PowerSubsystem") + R"(, "Power": )" + link(c + "/Power") + "}"},
      {c + "/EnvironmentMetrics", R"({"PowerWatts": {"Reading": 900}, "EnergykWh": {"Reading": 12.5}})"},
      {c + "/PowerSubsystem", R"({"PowerSupplies": )" + link(c + "/PowerSubsystem/PowerSupplies") + "}"},
      {c + "/PowerSubsystem/PowerSupplies",
       members({c + "/PowerSubsystem/PowerSupplies/PSU.Slot.1", c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2"})},
      {c + "/PowerSubsystem/PowerSupplies/PSU.Slot.1",
       R"({"Metrics": )" + link(c + "/PowerSubsystem/PowerSupplies/PSU.Slot.1/Metrics") + "}"},
      {c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2",
       R"({"Metrics": )" + link(c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2/Metrics") + "}"},
      {c + "/PowerSubsystem/PowerSupplies/PSU.Slot.1/Metrics", R"({"InputPowerWatts": {"Reading": 460}})"},
      {c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2/Metrics",
       R"({"InputPowerWatts": {"Reading": 470}, "EnergykWh": {"Reading": 3}})"},
  };
}

TEST(RedfishWalk, AutoPicksTheProfileByVendorAndSkipsChassisWithoutPower) {
  Profile dell{"idrac", "Dell", {"System.Embedded.1"}, {}, ""};
  const Discovery d = walk(idrac(), generic_profile(), {dell});
  EXPECT_EQ(d.error(), "");
  EXPECT_EQ(d.profile().name, "idrac");
  EXPECT_EQ(d.sessions_path(), "/redfish/v1/SessionService/Sessions");
  const std::string c = "/redfish/v1/Chassis/System.Embedded.1";
  EXPECT_EQ(values_of(d.plan()),
            (std::vector<std::string>{
                "chassis/power " + c + "/EnvironmentMetrics/PowerWatts/Reading",
                "chassis/energy_import " + c + "/EnvironmentMetrics/EnergykWh/Reading",
                "psu0/power " + c + "/PowerSubsystem/PowerSupplies/PSU.Slot.1/Metrics/InputPowerWatts/Reading",
                "psu1/power " + c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2/Metrics/InputPowerWatts/Reading",
                "psu1/energy_import " + c + "/PowerSubsystem/PowerSupplies/PSU.Slot.2/Metrics/EnergykWh/Reading",
            }));
  EXPECT_EQ(d.plan().sources[1].values[0].label, "PSU.Slot.1");
  EXPECT_TRUE(d.plan().server);
  // Generic (no vendor matched) finds the same chassis: the enclosure has no power.
  EXPECT_EQ(values_of(walk(idrac()).plan()), values_of(d.plan()));
  // psus: false reads the chassis only.
  EXPECT_EQ(walk(idrac(), generic_profile(), {}, false).plan().sources.size(), 1u);
}

TEST(RedfishWalk, AnOlderBmcIsReadFromItsPowerResource) {
  const std::string c = "/redfish/v1/Chassis/1";
  const Tree ilo5{
      {"/redfish/v1", R"({"Vendor": "HPE", "Chassis": )" + link("/redfish/v1/Chassis") + "}"},
      {"/redfish/v1/Chassis", members({c})},
      {c, R"({"Power": )" + link(c + "/Power") + "}"},
      {c + "/Power", R"({"PowerControl": [{"PowerConsumedWatts": 610}],
                        "PowerSupplies": [{"MemberId": "0", "PowerInputWatts": 300},
                                          {"MemberId": "1", "PowerInputWatts": 320}]})"},
  };
  const Discovery d = walk(ilo5);
  EXPECT_EQ(d.sessions_path(), "/redfish/v1/SessionService/Sessions");  // the standard's, when the root says none
  EXPECT_EQ(values_of(d.plan()), (std::vector<std::string>{
                                     "chassis/power " + c + "/Power/PowerControl/0/PowerConsumedWatts",
                                     "psu0/power " + c + "/Power/PowerSupplies/0/PowerInputWatts",
                                     "psu1/power " + c + "/Power/PowerSupplies/1/PowerInputWatts",
                                 }));
  ASSERT_EQ(d.plan().sources.size(), 1u);  // one GET a poll
  // EnvironmentMetrics with temperatures only: the chassis power still comes from Power.
  Tree partial = ilo5;
  partial[c] = R"({"EnvironmentMetrics": )" + link(c + "/EnvironmentMetrics") + R"(, "Power": )" + link(c + "/Power") + "}";
  partial[c + "/EnvironmentMetrics"] = R"({"TemperatureCelsius": {"Reading": 24}})";
  const Plan p = walk(partial).plan();
  EXPECT_EQ(values_of(p), (std::vector<std::string>{"psu0/power " + c + "/Power/PowerSupplies/0/PowerInputWatts",
                                                    "psu1/power " + c + "/Power/PowerSupplies/1/PowerInputWatts",
                                                    "chassis/power " + c + "/Power/PowerControl/0/PowerConsumedWatts"}));
  EXPECT_EQ(p.sources.size(), 1u);
}

Tree dgx() {
  Tree t{{"/redfish/v1", R"({"Vendor": "NVIDIA", "Chassis": )" + link("/redfish/v1/Chassis") + "}"}};
  std::string list = R"({"Members": [)" + link("/redfish/v1/Chassis/DGX");
  for (int i : {10, 1, 2}) {
    const std::string g = "/redfish/v1/Chassis/HGX_GPU_SXM_" + std::to_string(i);
    list += "," + link(g);
    t[g] = R"({"EnvironmentMetrics": )" + link(g + "/EnvironmentMetrics") + "}";
    t[g + "/EnvironmentMetrics"] = R"({"PowerWatts": {"Reading": )" + std::to_string(600 + i) + "}}";
  }
  t["/redfish/v1/Chassis"] = list + "]}";
  t["/redfish/v1/Chassis/DGX"] = R"({"EnvironmentMetrics": )" + link("/redfish/v1/Chassis/DGX/EnvironmentMetrics") + "}";
  t["/redfish/v1/Chassis/DGX/EnvironmentMetrics"] = R"({"PowerWatts": {"Reading": 2500}})";
  return t;
}

TEST(RedfishWalk, GpuChassisAreReadInNaturalOrderAndGiveTheServersFigures) {
  const Profile nvidia{"dgx", "NVIDIA", {"DGX"}, {"HGX_GPU_SXM_*"}, ""};
  const Discovery d = walk(dgx(), nvidia);
  EXPECT_EQ(d.plan().gpu_channels, (std::vector<std::string>{"gpu0", "gpu1", "gpu2"}));
  const auto v = values_of(d.plan());
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[1], "gpu0/power /redfish/v1/Chassis/HGX_GPU_SXM_1/EnvironmentMetrics/PowerWatts/Reading");
  EXPECT_EQ(v[3], "gpu2/power /redfish/v1/Chassis/HGX_GPU_SXM_10/EnvironmentMetrics/PowerWatts/Reading");

  std::vector<Reading> readings;
  const Tree t = dgx();
  for (const Source& s : d.plan().sources) {
    if (s.uri.find("SXM_2") != std::string::npos) {
      add_source_failed(s, "HTTP 503: the BMC failed (server error)", readings);
    } else {
      add_source_readings(s, Resource(t.at(s.uri)), readings);
    }
  }
  add_server_figures(d.plan(), readings);
  ASSERT_EQ(readings.size(), 6u);
  const Reading& gpus = readings[4];
  EXPECT_EQ(gpus.channel + "/" + gpus.quantity, "server/gpu_power");
  EXPECT_TRUE(gpus.rollup);
  EXPECT_EQ(gpus.quality, Quality::Partial);  // one GPU not read: the sum of the others, marked
  EXPECT_DOUBLE_EQ(gpus.value, 601 + 610);
  const Reading& rest = readings[5];
  EXPECT_EQ(rest.channel + "/" + rest.quantity, "server/non_gpu_power");
  EXPECT_TRUE(rest.rollup);
  EXPECT_EQ(rest.quality, Quality::Partial);
  EXPECT_DOUBLE_EQ(rest.value, 2500 - 601 - 610);
}

TEST(RedfishWalk, ARackPduGivesItsTotalAndLabelledOutlets) {
  const std::string p = "/redfish/v1/PowerEquipment/RackPDUs/1";
  const Tree pdu{
      {"/redfish/v1", R"({"PowerEquipment": )" + link("/redfish/v1/PowerEquipment") + "}"},
      {"/redfish/v1/PowerEquipment", R"({"RackPDUs": )" + link("/redfish/v1/PowerEquipment/RackPDUs") + "}"},
      {"/redfish/v1/PowerEquipment/RackPDUs", members({p})},
      {p, R"({"Metrics": )" + link(p + "/Metrics") + R"(, "Outlets": )" + link(p + "/Outlets") + "}"},
      {p + "/Metrics", R"({"PowerWatts": {"Reading": 5000}, "EnergykWh": {"Reading": 100}})"},
      {p + "/Outlets", members({p + "/Outlets/A1", p + "/Outlets/A2"})},
      {p + "/Outlets/A1", R"({"UserLabel": "gpu-srv-1", "PowerWatts": {"Reading": 2400}, "CurrentAmps": {"Reading": 10.4},
                             "Voltage": {"Reading": 230.1}, "EnergykWh": {"Reading": 50}})"},
      {p + "/Outlets/A2", R"({"Name": "Outlet A2", "PowerWatts": {"Reading": null}})"},
  };
  const Discovery d = walk(pdu);
  EXPECT_FALSE(d.plan().server);
  std::vector<Reading> readings;
  for (const Source& s : d.plan().sources) add_source_readings(s, Resource(pdu.at(s.uri)), readings);
  add_server_figures(d.plan(), readings);
  ASSERT_EQ(readings.size(), 7u);
  EXPECT_EQ(readings[0].channel + "/" + readings[0].quantity, "total/power");
  EXPECT_DOUBLE_EQ(readings[1].value, 100000);  // kWh to Wh
  EXPECT_EQ(readings[2].channel, "outlet1");
  EXPECT_EQ(readings[2].label, "gpu-srv-1");
  EXPECT_DOUBLE_EQ(readings[3].value, 10.4);
  EXPECT_EQ(readings[3].unit, "A");
  EXPECT_EQ(readings[6].channel, "outlet2");
  EXPECT_EQ(readings[6].label, "Outlet A2");
  EXPECT_EQ(readings[6].quality, Quality::Bad);
  EXPECT_EQ(readings[6].error, p + "/Outlets/A2 PowerWatts/Reading: null (not available)");
}

TEST(RedfishWalk, HostileTreesEndInAnError) {
  // A chassis collection that links to itself for ever.
  Tree loop{{"/redfish/v1", R"({"Chassis": )" + link("/redfish/v1/Chassis") + "}"}};
  std::string many = R"({"Members": [)";
  for (int i = 0; i < 700; ++i) many += (i ? "," : "") + link("/redfish/v1/Chassis/c" + std::to_string(i));
  loop["/redfish/v1/Chassis"] = many + "]}";
  for (int i = 0; i < 700; ++i) {
    loop["/redfish/v1/Chassis/c" + std::to_string(i)] = R"({"Id": "no power"})";
  }
  const Discovery d = walk(loop);
  EXPECT_EQ(d.error(), "the BMC's tree has more than 600 resources on the way: walk stopped");
  EXPECT_EQ(d.visited(), Discovery::kMaxResources);

  const Tree powerless{{"/redfish/v1", R"({"Chassis": )" + link("/redfish/v1/Chassis") + "}"},
                       {"/redfish/v1/Chassis", members({"/redfish/v1/Chassis/1"})},
                       {"/redfish/v1/Chassis/1", R"({"Id": "1"})"}};
  EXPECT_EQ(walk(powerless).error(), "no power readings found under /redfish/v1 (profile generic)");

  EXPECT_EQ(walk({}).error(), "service root /redfish/v1: HTTP 404");
  EXPECT_EQ(walk({{"/redfish/v1", "not json"}}).error().rfind("service root /redfish/v1: not JSON", 0), 0u);
}

TEST(RedfishSession, LoginBodyEscapesAndTheAnswerGivesTokenAndSession) {
  EXPECT_EQ(login_body({"ops", R"(p"a\ss)"}), R"({"UserName":"ops","Password":"p\"a\\ss"})");
  http::Response ok;
  ok.status = 201;
  ok.headers = {{"x-auth-token", "abc123"}, {"Location", "https://10.0.0.5/redfish/v1/SessionService/Sessions/7"}};
  const LoginResult in = login_result(ok, "ops");
  EXPECT_EQ(in.error, "");
  EXPECT_EQ(in.session.token, "abc123");
  EXPECT_EQ(in.session.uri, "/redfish/v1/SessionService/Sessions/7");

  http::Response refused;
  refused.status = 401;
  const LoginResult no = login_result(refused, "ops");
  EXPECT_EQ(no.error, "login refused (HTTP 401) for user ops: check user and password_file");
  http::Response tokenless;
  tokenless.status = 201;
  EXPECT_EQ(login_result(tokenless, "ops").error, "login answered HTTP 201 without X-Auth-Token");
}

}  // namespace
}  // namespace sitepower::redfish
