"""One BMC's Redfish resources at one moment: {path: body}, paths without a
trailing slash, built from its profile (bmc_profiles.py) and its readings
(bmc_power.py). DMTF schema property names and @odata.type versions.
"""
import uuid

ROOT = "/redfish/v1"
SESSIONS = ROOT + "/SessionService/Sessions"

# Readings that are "not available" under the null_readings fault: every
# excerpt's Reading, and the legacy Power resource's plain numbers.
LEGACY_READINGS = ("PowerConsumedWatts", "PowerInputWatts", "LastPowerOutputWatts", "LineInputVoltage")
# The power properties the missing_properties fault leaves out.
POWER_PROPERTIES = ("PowerWatts", "InputPowerWatts", "PowerConsumedWatts")

OK = {"State": "Enabled", "Health": "OK"}


class TreeBuilder:
    def __init__(self, name, profile, readings, moved):
        self.name = name
        self.profile = profile
        self.r = readings
        self.moved = moved
        self.slash = profile.get("trailing_slash", False)
        self.tree = {}

    def ref(self, path, fragment=""):
        return {"@odata.id": path + ("/" if self.slash else "") + fragment}

    def add(self, path, odata_type, id_, name, **props):
        self.tree[path] = {"@odata.id": self.ref(path)["@odata.id"], "@odata.type": odata_type,
                           "Id": id_, "Name": name, **props}

    def collection(self, path, odata_type, name, member_paths):
        members = [self.ref(p) for p in member_paths]
        self.tree[path] = {"@odata.id": self.ref(path)["@odata.id"], "@odata.type": odata_type, "Name": name,
                           "Members": members, "Members@odata.count": len(members)}

    def excerpt(self, owner, sensor_id, reading, reading_type, units):
        """A sensor excerpt ({Reading, DataSourceUri}) and the Sensor it points at."""
        path = f"{owner}/Sensors/{sensor_id}"
        self.sensors.setdefault(owner, []).append(path)
        self.add(path, "#Sensor.v1_7_0.Sensor", sensor_id, sensor_id, Reading=reading,
                 ReadingType=reading_type, ReadingUnits=units, Status=OK)
        return {"Reading": reading, "DataSourceUri": self.ref(path)["@odata.id"]}

    def build(self):
        p = self.profile
        self.sensors = {}  # owner path -> its sensors' paths
        root = {"RedfishVersion": p["root"]["RedfishVersion"],
                "UUID": str(uuid.uuid5(uuid.NAMESPACE_DNS, self.name + ".redfish-sim")),
                **{k: v for k, v in p["root"].items() if k != "RedfishVersion"},
                "Chassis": self.ref(ROOT + "/Chassis"),
                "SessionService": self.ref(ROOT + "/SessionService"),
                "Links": {"Sessions": self.ref(SESSIONS)}}
        if "pdu" in p:
            root["PowerEquipment"] = self.ref(ROOT + "/PowerEquipment")
        self.add(ROOT, "#ServiceRoot.v1_15_0.ServiceRoot", "RootService", "Root Service", **root)
        self.tree["/redfish"] = {"v1": ROOT + "/"}
        self.add(ROOT + "/SessionService", "#SessionService.v1_1_8.SessionService", "SessionService",
                 "Session Service", ServiceEnabled=True, SessionTimeout=1800, Status=OK,
                 Sessions=self.ref(SESSIONS))
        ids = {c["id"]: self.id_of(c) for c in p["chassis"]}
        for c in p["chassis"]:
            self.chassis(c, ids)
        self.collection(ROOT + "/Chassis", "#ChassisCollection.ChassisCollection", "Chassis Collection",
                        [f"{ROOT}/Chassis/{i}" for i in ids.values()])
        if "pdu" in p:
            self.pdu(p["pdu"])
        for owner, paths in self.sensors.items():
            self.collection(owner + "/Sensors", "#SensorCollection.SensorCollection", "Sensors", paths)
        return self.tree

    def id_of(self, entry):
        return entry["moved_id"] if self.moved else entry["id"]

    def chassis(self, c, ids):
        path = f"{ROOT}/Chassis/{ids[c['id']]}"
        links = {}
        if "contained_by" in c:
            links["ContainedBy"] = self.ref(f"{ROOT}/Chassis/{ids[c['contained_by']]}")
        contains = [self.ref(f"{ROOT}/Chassis/{ids[o['id']]}") for o in self.profile["chassis"]
                    if o.get("contained_by") == c["id"]]
        if contains:
            links["Contains"] = contains
        props = {"ChassisType": c["type"], "Model": c["model"], "PowerState": "On", "Status": OK, "Links": links}
        power = c["power"]
        if "environment" in power:
            props["EnvironmentMetrics"] = self.ref(path + "/EnvironmentMetrics")
            self.environment(path, c)
        if "subsystem" in power:
            props["PowerSubsystem"] = self.ref(path + "/PowerSubsystem")
            self.power_subsystem(path)
        if "legacy" in power:
            props["Power"] = self.ref(path + "/Power")
            self.legacy_power(path)
        if path in self.sensors:
            props["Sensors"] = self.ref(path + "/Sensors")
        self.add(path, "#Chassis.v1_21_0.Chassis", ids[c["id"]], c["model"], **props)

    def environment(self, chassis_path, c):
        if c["reads"] == "gpu":
            watts, kwh = self.r["gpu_w"][c["gpu"]], self.r["gpu_kwh"][c["gpu"]]
        else:
            watts, kwh = self.r["chassis_w"], self.r["chassis_kwh"]
        self.add(chassis_path + "/EnvironmentMetrics", "#EnvironmentMetrics.v1_3_0.EnvironmentMetrics",
                 "EnvironmentMetrics", "Chassis Environment Metrics",
                 PowerWatts=self.excerpt(chassis_path, "TotalPower", watts, "Power", "W"),
                 EnergykWh=self.excerpt(chassis_path, "TotalEnergy", kwh, "EnergykWh", "kW.h"))

    def psu_ids(self):
        return self.profile["moved_psus" if self.moved else "psus"]

    def power_subsystem(self, chassis_path):
        base = chassis_path + "/PowerSubsystem"
        capacity = self.profile["psu_capacity_w"]
        supplies = []
        for i, psu in enumerate(self.psu_ids()):
            path = f"{base}/PowerSupplies/{psu}"
            supplies.append(path)
            self.add(path, "#PowerSupply.v1_5_1.PowerSupply", psu, f"Power Supply {psu}", Status=OK,
                     PowerSupplyType="AC", PowerCapacityWatts=capacity, Metrics=self.ref(path + "/Metrics"))
            self.add(path + "/Metrics", "#PowerSupplyMetrics.v1_1_0.PowerSupplyMetrics", "Metrics",
                     f"Power Supply {psu} Metrics",
                     InputPowerWatts=self.excerpt(chassis_path, f"PS{i + 1}InputPower", self.r["psu_w"][i],
                                                  "Power", "W"),
                     InputVoltage=self.excerpt(chassis_path, f"PS{i + 1}InputVoltage", self.r["voltage_v"],
                                               "Voltage", "V"),
                     EnergykWh=self.excerpt(chassis_path, f"PS{i + 1}Energy", self.r["psu_kwh"][i],
                                            "EnergykWh", "kW.h"))
        self.collection(base + "/PowerSupplies", "#PowerSupplyCollection.PowerSupplyCollection",
                        "Power Supply Collection", supplies)
        self.add(base, "#PowerSubsystem.v1_1_0.PowerSubsystem", "PowerSubsystem", "Power Subsystem", Status=OK,
                 CapacityWatts=capacity * len(supplies), PowerSupplies=self.ref(base + "/PowerSupplies"))

    def legacy_power(self, chassis_path):
        path = chassis_path + "/Power"
        n = len(self.psu_ids())
        control = {**self.ref(path, "#/PowerControl/0"), "MemberId": "0", "Name": "System Power Control",
                   "PowerConsumedWatts": self.r["chassis_w"],
                   "PowerCapacityWatts": self.profile["psu_capacity_w"] * n, "Status": OK}
        supplies = [{**self.ref(path, f"#/PowerSupplies/{i}"), "MemberId": psu, "Name": f"Power Supply {psu}",
                     "PowerInputWatts": self.r["psu_w"][i],
                     "LastPowerOutputWatts": round(self.r["chassis_w"] / n) if n else 0,
                     "LineInputVoltage": self.r["voltage_v"],
                     "PowerCapacityWatts": self.profile["psu_capacity_w"], "Status": OK}
                    for i, psu in enumerate(self.psu_ids())]
        self.add(path, self.profile["power_type"], "Power", "Power", PowerControl=[control], PowerSupplies=supplies)

    def pdu(self, d):
        equipment = ROOT + "/PowerEquipment"
        pdus = equipment + "/RackPDUs"
        path = f"{pdus}/{self.id_of(d)}"
        outlets = d["moved_outlets" if self.moved else "outlets"]
        r = self.r
        outlet_paths = []
        for i, outlet in enumerate(outlets):
            opath = f"{path}/Outlets/{outlet}"
            outlet_paths.append(opath)
            self.add(opath, "#Outlet.v1_4_0.Outlet", outlet, f"Outlet {outlet}", UserLabel=d["labels"][i],
                     PowerState="Off" if i in r["outlet_off"] else "On", Status=OK,
                     PhaseWiringType="OnePhase3Wire", NominalVoltage="AC200To240V",
                     RatedCurrentAmps=16,
                     PowerWatts=self.excerpt(path, f"Power{outlet}", r["outlet_w"][i], "Power", "W"),
                     CurrentAmps=self.excerpt(path, f"Current{outlet}", r["outlet_a"][i], "Current", "A"),
                     Voltage=self.excerpt(path, f"Voltage{outlet}", r["voltage_v"], "Voltage", "V"),
                     EnergykWh=self.excerpt(path, f"Energy{outlet}", r["outlet_kwh"][i], "EnergykWh",
                                            "kW.h"))
        total_w = round(sum(r["outlet_w"]), 2)
        total_kwh = round(sum(r["outlet_kwh"]), 6)
        total_a = round(sum(r["outlet_a"]), 2)
        self.collection(path + "/Outlets", "#OutletCollection.OutletCollection", "Outlets", outlet_paths)
        self.add(path + "/Mains/AC1", "#Circuit.v1_7_0.Circuit", "AC1", "Mains Input", CircuitType="Mains",
                 PhaseWiringType="OnePhase3Wire", Status=OK,
                 PowerWatts=self.excerpt(path, "MainsPower", total_w, "Power", "W"),
                 CurrentAmps=self.excerpt(path, "MainsCurrent", total_a, "Current", "A"),
                 Voltage=self.excerpt(path, "MainsVoltage", r["voltage_v"], "Voltage", "V"),
                 EnergykWh=self.excerpt(path, "MainsEnergy", total_kwh, "EnergykWh", "kW.h"))
        self.collection(path + "/Mains", "#CircuitCollection.CircuitCollection", "Mains", [path + "/Mains/AC1"])
        self.add(path + "/Metrics", "#PowerDistributionMetrics.v1_3_0.PowerDistributionMetrics", "Metrics",
                 "Rack PDU Metrics",
                 PowerWatts=self.excerpt(path, "PDUPower", total_w, "Power", "W"),
                 EnergykWh=self.excerpt(path, "PDUEnergy", total_kwh, "EnergykWh", "kW.h"))
        self.add(path, "#PowerDistribution.v1_3_0.PowerDistribution", self.id_of(d), "Rack PDU",
                 EquipmentType="RackPDU", Model="ZAP4000", Status=OK,
                 Outlets=self.ref(path + "/Outlets"), Mains=self.ref(path + "/Mains"),
                 Metrics=self.ref(path + "/Metrics"), Sensors=self.ref(path + "/Sensors"))
        self.collection(pdus, "#PowerDistributionCollection.PowerDistributionCollection", "Rack PDUs", [path])
        self.add(equipment, "#PowerEquipment.v1_2_0.PowerEquipment", "PowerEquipment", "Power Equipment",
                 Status=OK, RackPDUs=self.ref(pdus))


def build_tree(name, profile, readings, moved=False):
    return TreeBuilder(name, profile, readings, moved).build()


def degrade(body, fault):
    """The body under the null_readings or missing_properties fault."""
    if isinstance(body, list):
        return [degrade(v, fault) for v in body]
    if not isinstance(body, dict):
        return body
    out = {}
    for k, v in body.items():
        if fault == "missing_properties" and k in POWER_PROPERTIES:
            continue
        if fault == "null_readings" and (k == "Reading" or k in LEGACY_READINGS):
            out[k] = None
        else:
            out[k] = degrade(v, fault)
    return out
