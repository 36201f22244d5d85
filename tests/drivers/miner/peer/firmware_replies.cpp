#include "firmware_replies.h"

#include <fmt/format.h>

namespace sitepower::minersim {
namespace {

std::string status(char letter, int code, const std::string& msg) {
  return fmt::format(R"("STATUS":[{{"STATUS":"{}","When":1764672000,"Code":{},"Msg":"{}","Description":"sim"}}])", letter,
                     code, msg);
}

std::string invalid_command() { return "{" + status('E', 14, "Invalid command") + R"(,"id":1})"; }

std::string antminer(const MinerLook& m, const std::string& command) {
  const double ghs = hashrate_ths(m) * 1000;
  if (command == "version") {
    return "{" + status('S', 22, "BMMiner versions") +
           R"(,"VERSION":[{"BMMiner":"2.0.0","API":"3.1","Miner":"uart_trans.1.3","CompileTime":"Thu Jul 7 2022","Type":"Antminer S19j Pro"}],"id":1})";
  }
  if (command == "summary") {
    // bmminer: GHS 5s as a string, GHS av as a number.
    return "{" + status('S', 11, "Summary") +
           fmt::format(R"(,"SUMMARY":[{{"Elapsed":{},"GHS 5s":"{:.2f}","GHS av":{:.2f},"Found Blocks":0,{}"Accepted":1200,"Rejected":3,}}],"id":1}})",
                       3600 + m.index, ghs, ghs * 0.99, m.malformed ? R"("Mode":normal,,"Work Utility":n/a,)" : "");
  }
  if (command == "stats") {
    // bmminer's stats: the version block and the chain block with `}{` between, and a trailing comma.
    const int t = m.curtailed ? 30 : 60;
    return "{" + status('S', 70, "BMMiner stats") +
           fmt::format(R"(,"STATS":[{{"BMMiner":"2.0.0","Miner":"uart_trans.1.3","Type":"Antminer S19j Pro"}}{{"STATS":0,"ID":"BC50","Elapsed":{},"GHS 5s":"{:.2f}","temp1":{},"temp2":{},"temp3":{},"temp2_1":{},"temp2_2":{},"temp2_3":{},"fan1":{},"fan2":{},"fan3":0,"fan4":0,"fan_num":2,}}],"id":1}})",
                       3600 + m.index, ghs, t, t + 2, t + 1, t + 15, t + 17, t + 16, m.curtailed ? 0 : 5400, m.curtailed ? 0 : 5520);
  }
  return invalid_command();
}

std::string temps_fans(const std::string& command, bool curtailed) {
  const int t = curtailed ? 30 : 60;
  if (command == "temps") {
    return "{" + status('S', 201, "3 Temp(s)") +
           fmt::format(R"(,"TEMPS":[{{"TEMPS":0,"ID":0,"Board":{}.0,"Chip":{}.0}},{{"TEMPS":1,"ID":1,"Board":{}.5,"Chip":{}.0}},{{"TEMPS":2,"ID":2,"Board":{}.0,"Chip":{}.0}}],"id":1}})",
                       t, t + 15, t + 2, t + 17, t + 1, t + 16);
  }
  const int rpm = curtailed ? 0 : 4800;
  return "{" + status('S', 202, "4 Fan(s)") +
         fmt::format(R"(,"FANS":[{{"FANS":0,"ID":0,"RPM":{},"Speed":60}},{{"FANS":1,"ID":1,"RPM":{},"Speed":60}},{{"FANS":2,"ID":2,"RPM":{},"Speed":60}},{{"FANS":3,"ID":3,"RPM":{},"Speed":60}}],"id":1}})",
                     rpm, rpm + 60, rpm + 30, rpm + 90);
}

std::string braiins(const MinerLook& m, const std::string& command) {
  const double mhs = hashrate_ths(m) * 1e6;
  if (command == "version") {
    return "{" + status('S', 22, "BOSminer versions") +
           R"(,"VERSION":[{"BOSminer":"0.2.0-b4d5f3f","API":"3.7","BOSer":"boser-buildroot 0.1.0"}],"id":1})";
  }
  if (command == "summary") {
    return "{" + status('S', 11, "Summary") +
           fmt::format(R"(,"SUMMARY":[{{"Elapsed":{},"MHS av":{:.1f},"MHS 5s":{:.1f},"MHS 1m":{:.1f},"Accepted":900,"Rejected":1}}],"id":1}})",
                       7200 + m.index, mhs * 0.99, mhs, mhs);
  }
  if (command == "tunerstatus") {
    return "{" + status('S', 0, "Tuner Status") +
           fmt::format(R"(,"TUNERSTATUS":[{{"PowerLimit":{},"DynamicPowerScaling":"Disabled","ApproximateMinerPowerConsumption":{},"ApproximateChainPowerConsumption":{},"TunerChainStatus":[]}}],"id":1}})",
                       3400, static_cast<int>(power_w(m)), static_cast<int>(power_w(m)) - 150);
  }
  if (command == "temps" || command == "fans") return temps_fans(command, m.curtailed);
  return invalid_command();
}

std::string luxos(const MinerLook& m, const std::string& command) {
  const double ghs = hashrate_ths(m) * 1000;
  if (command == "version") {
    return "{" + status('S', 22, "LUXminer versions") +
           R"(,"VERSION":[{"LUXminer":"2024.6.3.152232-4ab3d3a1","API":"3.7","Miner":"2024.6.3","Type":"Antminer S19 XP"}],"id":1})";
  }
  if (command == "summary") {
    return "{" + status('S', 11, "Summary") +
           fmt::format(R"(,"SUMMARY":[{{"Elapsed":{},"GHS 5s":{:.2f},"GHS av":{:.2f},"Accepted":700}}],"id":1}})", 5400 + m.index,
                       ghs, ghs * 0.99);
  }
  if (command == "power") {
    return "{" + status('S', 300, "Power") + fmt::format(R"(,"POWER":[{{"PSU":true,"Watts":{}}}],"id":1}})", static_cast<int>(power_w(m)));
  }
  if (command == "temps" || command == "fans") return temps_fans(command, m.curtailed);
  return invalid_command();
}

std::string whatsminer(const MinerLook& m, const std::string& command) {
  const double mhs = hashrate_ths(m) * 1e6;
  if (command == "version") {
    return "{" + status('S', 131, "API command OK") +
           R"(,"VERSION":[{"BTMiner":"2.0.0","API":"2.0.5","Firmware":"20230911.16.REL"}],"id":1})";
  }
  if (command == "summary") {
    return "{" + status('S', 11, "Summary") +
           fmt::format(R"(,"SUMMARY":[{{"Elapsed":{},"MHS av":{:.2f},"MHS 5s":{:.2f},"Temperature":{:.1f},"Fan Speed In":{},"Fan Speed Out":{},"Power":{},"Power Limit":3600,"Power Mode":"Normal","Uptime":{}}}],"id":1}})",
                       1800 + m.index, mhs * 0.99, mhs, m.curtailed ? 35.0 : 70.5, m.curtailed ? 0 : 4500,
                       m.curtailed ? 0 : 4620, m.no_power ? -1 : static_cast<int>(power_w(m)), 1800 + m.index);
  }
  return invalid_command();
}

}  // namespace

double hashrate_ths(const MinerLook& m) { return m.curtailed ? 0 : 100.0 + m.index; }

double power_w(const MinerLook& m) {
  if (m.family == "antminer" || m.no_power) return 0;
  if (m.curtailed) return 20;
  return (m.family == "braiins-os" ? 3250 : m.family == "luxos" ? 3010 : 3400) + m.index;
}

std::string reply_for(const MinerLook& m, const std::string& command) {
  if (m.family == "braiins-os") return braiins(m, command);
  if (m.family == "luxos") return luxos(m, command);
  if (m.family == "whatsminer") return whatsminer(m, command);
  return antminer(m, command);
}

}  // namespace sitepower::minersim
