"""The BMCs redfish_sim.py can be: the shape of each vendor's Redfish tree
(ids as the real BMCs give them, taken from their published trees and the
DMTF mockups), as data that redfish_tree.py builds resources from.

Per profile:
  root           extra ServiceRoot properties (Vendor, Product) and its RedfishVersion
  trailing_slash every @odata.id ends in "/" (iLO 5 does; the server accepts both forms)
  power          the power model (bmc_power.BmcPower): base_w, swing_w, psus, gpus, outlets, outlet_w
  chassis        each: id, moved_id (its id under the `moved` fault), type, model,
                 power: which power resources it has ("environment", "subsystem", "legacy"),
                 reads: what its EnvironmentMetrics shows ("chassis", or "gpu" with gpu: index),
                 contained_by: the chassis id it sits in
  psus           PSU ids in PowerSubsystem/PowerSupplies (legacy Power: the MemberIds); moved_psus
  psu_capacity_w each PSU's rating
  power_type     the legacy Power resource's @odata.type
  pdu            a rack PDU under PowerEquipment: id, moved_id, outlets, moved_outlets, labels
"""

SERVER_POWER = ["environment", "subsystem", "legacy"]


def numbered(prefix, first, count):
    return [f"{prefix}{i}" for i in range(first, first + count)]


PROFILES = {
    "idrac": {
        "root": {"Vendor": "Dell", "Product": "Integrated Dell Remote Access Controller", "RedfishVersion": "1.17.0"},
        "power": {"base_w": 520, "swing_w": 180, "psus": 2, "integer_watts": True},
        "chassis": [
            {"id": "System.Embedded.1", "moved_id": "System.Embedded.2", "type": "RackMount",
             "model": "PowerEdge R760", "power": SERVER_POWER, "reads": "chassis"},
            {"id": "Enclosure.Internal.0-1", "moved_id": "Enclosure.Internal.0-2", "type": "Enclosure",
             "model": "BP_PSV 8 x 2.5\"", "power": [], "contained_by": "System.Embedded.1"},
        ],
        "psus": ["PSU.Slot.1", "PSU.Slot.2"],
        "moved_psus": ["PSU.Slot.3", "PSU.Slot.4"],
        "psu_capacity_w": 1400,
        "power_type": "#Power.v1_7_1.Power",
    },
    "ilo6": {
        "root": {"Vendor": "HPE", "Product": "ProLiant DL380 Gen11", "RedfishVersion": "1.13.0"},
        "power": {"base_w": 480, "swing_w": 160, "psus": 2, "integer_watts": True},
        "chassis": [
            {"id": "1", "moved_id": "2", "type": "RackMount", "model": "ProLiant DL380 Gen11",
             "power": SERVER_POWER, "reads": "chassis"},
        ],
        "psus": ["1", "2"],
        "moved_psus": ["3", "4"],
        "psu_capacity_w": 1600,
        "power_type": "#Power.v1_7_1.Power",
    },
    "ilo5": {
        "root": {"Vendor": "HPE", "Product": "ProLiant DL360 Gen10", "RedfishVersion": "1.6.0"},
        "trailing_slash": True,
        "power": {"base_w": 380, "swing_w": 120, "psus": 2, "integer_watts": True},
        "chassis": [
            {"id": "1", "moved_id": "2", "type": "RackMount", "model": "ProLiant DL360 Gen10",
             "power": ["legacy"], "reads": "chassis"},
        ],
        "psus": ["0", "1"],
        "moved_psus": ["0", "1"],  # MemberIds are array places: they do not move
        "psu_capacity_w": 800,
        "power_type": "#Power.v1_3_0.Power",
    },
    "supermicro": {
        "root": {"Vendor": "Supermicro", "Product": "SYS-421GE-TNRT", "RedfishVersion": "1.14.0"},
        "power": {"base_w": 600, "swing_w": 200, "psus": 2, "integer_watts": True},
        "chassis": [
            {"id": "1", "moved_id": "2", "type": "RackMount", "model": "SYS-421GE-TNRT",
             "power": SERVER_POWER, "reads": "chassis"},
        ],
        "psus": ["1", "2"],
        "moved_psus": ["3", "4"],
        "psu_capacity_w": 2000,
        "power_type": "#Power.v1_7_1.Power",
    },
    "dgx": {
        "root": {"Vendor": "NVIDIA", "Product": "DGX H100", "RedfishVersion": "1.17.0"},
        "power": {"base_w": 7000, "swing_w": 2800, "psus": 6, "gpus": 8},
        "chassis": [
            {"id": "DGX", "moved_id": "DGX_1", "type": "RackMount", "model": "DGX H100",
             "power": ["environment", "subsystem"], "reads": "chassis"},
            {"id": "HGX_Baseboard_0", "moved_id": "HGX_Baseboard_1", "type": "Module", "model": "HGX H100 8-GPU",
             "power": [], "contained_by": "DGX"},
        ] + [
            {"id": f"HGX_GPU_SXM_{i}", "moved_id": f"HGX_GPU_SXM_{i + 8}", "type": "Component",
             "model": "H100 80GB HBM3",
             "power": ["environment"], "reads": "gpu", "gpu": i - 1, "contained_by": "HGX_Baseboard_0"}
            for i in range(1, 9)
        ],
        "psus": numbered("PSU", 0, 6),
        "moved_psus": numbered("PSU", 6, 6),
        "psu_capacity_w": 3300,
        "power_type": "#Power.v1_7_1.Power",
    },
    "dmtf": {
        "root": {"RedfishVersion": "1.17.0"},
        "power": {"base_w": 300, "swing_w": 80, "psus": 2},
        "chassis": [
            {"id": "1U", "moved_id": "2U", "type": "RackMount", "model": "3500RX",
             "power": SERVER_POWER, "reads": "chassis"},
        ],
        "psus": ["0", "1"],
        "moved_psus": ["2", "3"],
        "psu_capacity_w": 800,
        "power_type": "#Power.v1_7_1.Power",
    },
    "pdu": {
        "root": {"RedfishVersion": "1.17.0"},
        "power": {"base_w": 0, "swing_w": 0, "outlets": 12, "outlet_w": 700, "integer_watts": False},
        "chassis": [
            {"id": "1", "moved_id": "2", "type": "RackMount", "model": "ZAP4000", "power": []},
        ],
        "psus": [],
        "moved_psus": [],
        "pdu": {
            "id": "1", "moved_id": "2",
            "outlets": numbered("A", 1, 12), "moved_outlets": numbered("B", 1, 12),
            "labels": numbered("gpu-srv-", 1, 12),
        },
    },
}
