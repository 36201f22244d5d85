#!/usr/bin/env python3
"""The Redfish simulator against its own promises (redfish_sim.py's
docstring): each vendor's tree walked from /redfish/v1 by its links,
sessions, Basic auth, the closed set of methods, the state file, every
fault, keep-alive, and https with a CA made by openssl.
"""
import base64
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SIM = os.path.join(HERE, "redfish_sim.py")
VENDORS = ["idrac", "ilo6", "ilo5", "supermicro", "dgx", "dmtf", "pdu"]
USER, PASSWORD = "root", "calvin-2026"
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()}
ROOT = "/redfish/v1"
SESSIONS = ROOT + "/SessionService/Sessions"

# What each vendor's tree must hold: chassis id -> its power links, PSU ids.
SERVER = {"EnvironmentMetrics", "PowerSubsystem", "Power"}
EXPECTED = {
    "idrac": {"vendor": "Dell", "chassis": {"System.Embedded.1": SERVER, "Enclosure.Internal.0-1": set()},
              "psus": ["PSU.Slot.1", "PSU.Slot.2"]},
    "ilo6": {"vendor": "HPE", "chassis": {"1": SERVER}, "psus": ["1", "2"]},
    "ilo5": {"vendor": "HPE", "chassis": {"1": {"Power"}}, "psus": []},
    "supermicro": {"vendor": "Supermicro", "chassis": {"1": SERVER}, "psus": ["1", "2"]},
    "dgx": {"vendor": "NVIDIA",
            "chassis": {"DGX": {"EnvironmentMetrics", "PowerSubsystem"}, "HGX_Baseboard_0": set(),
                        **{f"HGX_GPU_SXM_{i}": {"EnvironmentMetrics"} for i in range(1, 9)}},
            "psus": [f"PSU{i}" for i in range(6)]},
    "dmtf": {"vendor": None, "chassis": {"1U": SERVER}, "psus": ["0", "1"]},
    "pdu": {"vendor": None, "chassis": {"1": set()}, "psus": []},
}
POWER_LINKS = {"EnvironmentMetrics", "PowerSubsystem", "Power"}


def odata_links(value):
    """Every @odata.id below value (not its own), without fragment or trailing slash."""
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "@odata.id" and isinstance(v, str):
                out.append(v.split("#")[0].rstrip("/"))
            else:
                out += odata_links(v)
    elif isinstance(value, list):
        for v in value:
            out += odata_links(v)
    return out


class Sim:
    """redfish_sim.py as a child process, its log in a file."""

    def __init__(self, tmp, stem, args):
        self.log_path = os.path.join(tmp, stem + ".log")
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen([sys.executable, SIM, *args], stdout=self.log_file, stderr=subprocess.STDOUT)
        self.wait_for_log("redfish-sim ready")
        self.ports = {}
        for line in self.log().splitlines():
            if line.startswith("serving "):
                _, name, _, port = line.split()
                self.ports[name] = int(port)

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log_file.close()

    def log(self):
        with open(self.log_path) as f:
            return f.read()

    def wait_for_log(self, text, timeout=10.0):
        deadline = time.monotonic() + timeout
        while text not in self.log():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"no {text!r} in the log:\n{self.log()}")
            time.sleep(0.02)

    def lines(self, prefix):
        return [line for line in self.log().splitlines() if line.startswith(prefix)]


class RedfishSimTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="redfish-sim-test-")
        password_file = os.path.join(cls.tmp, "password")
        with open(password_file, "w") as f:
            f.write(PASSWORD + "\n")
        cls.state_path = os.path.join(cls.tmp, "state.json")
        serves = []
        for v in VENDORS:
            serves += ["--serve", f"0:{v}:walk-{v}", "--serve", f"0:{v}:test-{v}"]
        cls.sim = Sim(cls.tmp, "sim", [*serves, "--user", USER, "--password-file", password_file,
                                       "--state", cls.state_path])
        cls.make_ca()
        cls.tls_sim = Sim(cls.tmp, "tls-sim", ["--serve", "0:dmtf:tls-dmtf", "--cert", cls.cert, "--key", cls.key])
        cls.strict_sim = Sim(cls.tmp, "strict-sim", ["--serve", "0:ilo6:strict-ilo6", "--user", USER,
                                                     "--password-file", password_file, "--idle-timeout", "0.3",
                                                     "--max-sessions", "2"])

    @classmethod
    def make_ca(cls):
        def openssl(*args):
            subprocess.run(["openssl", *args], cwd=cls.tmp, check=True, capture_output=True)
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=redfish-sim test CA")
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "bmc.key",
                "-out", "bmc.csr", "-subj", "/CN=bmc")
        with open(os.path.join(cls.tmp, "bmc.ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\n")
        openssl("x509", "-req", "-in", "bmc.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "bmc.pem", "-days", "2", "-extfile", "bmc.ext")
        cls.cert, cls.key = os.path.join(cls.tmp, "bmc.pem"), os.path.join(cls.tmp, "bmc.key")
        cls.ca = os.path.join(cls.tmp, "ca.pem")

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()
        cls.tls_sim.stop()
        cls.strict_sim.stop()
        shutil.rmtree(cls.tmp)

    def tearDown(self):
        self.set_state({})

    # --- helpers ---

    def set_state(self, state):
        tmp = self.state_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(state, f)
        os.replace(tmp, self.state_path)

    def connect(self, name, timeout=10.0):
        return http.client.HTTPConnection("127.0.0.1", self.sim.ports[name], timeout=timeout)

    def request(self, name, method, path, headers=BASIC, body=None, conn=None):
        """(status, headers, parsed body or None) on a fresh connection unless conn."""
        c = conn or self.connect(name)
        c.request(method, path, body=json.dumps(body) if body is not None else None, headers=dict(headers))
        r = c.getresponse()
        data = r.read()
        if conn is None:
            c.close()
        self.assertEqual(r.getheader("Content-Length"), str(len(data)))
        return r.status, r, json.loads(data) if data else None

    def get(self, name, path, **kw):
        status, _, body = self.request(name, "GET", path, **kw)
        self.assertEqual(status, 200, f"GET {path}: {body}")
        return body

    def walk(self, name):
        """{path: body} of everything reachable from the service root, on one connection."""
        conn = self.connect(name)
        seen, todo = {}, [ROOT]
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen[path] = self.get(name, path, conn=conn)
            todo += [p for p in odata_links(seen[path]) if p != path]
        conn.close()
        return seen

    def assert_redfish_error(self, status, body, expected):
        self.assertEqual(status, expected)
        self.assertEqual(body["error"]["code"], "Base.1.8.GeneralError")
        self.assertTrue(body["error"]["message"])
        self.assertTrue(body["error"]["@Message.ExtendedInfo"][0]["MessageId"].startswith("Base.1.8."))

    # --- the trees ---

    def test_every_vendor_tree_by_its_links(self):
        for vendor in VENDORS:
            with self.subTest(vendor=vendor):
                name = f"walk-{vendor}"
                tree = self.walk(name)
                for path, body in tree.items():
                    if path == "/redfish":
                        continue
                    self.assertEqual(body["@odata.id"].rstrip("/"), path)
                    self.assertRegex(body["@odata.type"], r"^#\w+(\.v\d+_\d+_\d+)?\.\w+$")
                    self.assertIn("Name", body)
                    if "Members" in body:
                        self.assertEqual(body["Members@odata.count"], len(body["Members"]))
                    else:
                        self.assertIn("Id", body)
                self.check_vendor(vendor, tree)
                # The walk kept one connection.
                self.assertEqual(len(self.sim.lines(f"connection {name} ")), 1)
                requests = self.sim.lines(f"request {name} ")
                self.assertEqual(len(requests), len(tree))
                self.assertTrue(all(r.startswith(f"request {name} 1 GET /redfish/v1") and r.endswith(" auth=basic")
                                    for r in requests))

    def check_vendor(self, vendor, tree):
        expected = EXPECTED[vendor]
        root = tree[ROOT]
        self.assertEqual(root.get("Vendor"), expected["vendor"])
        self.assertTrue(root["RedfishVersion"])
        self.assertEqual(root["Links"]["Sessions"]["@odata.id"].rstrip("/"), SESSIONS)
        self.assertIn(ROOT + "/SessionService", tree)
        chassis = tree[ROOT + "/Chassis"]
        self.assertEqual([m["@odata.id"].rstrip("/").rsplit("/", 1)[1] for m in chassis["Members"]],
                         list(expected["chassis"]))
        for cid, links in expected["chassis"].items():
            path = f"{ROOT}/Chassis/{cid}"
            self.assertEqual(POWER_LINKS & set(tree[path]), links, cid)
            self.assertEqual(tree[path]["@odata.type"], "#Chassis.v1_21_0.Chassis")
            if "EnvironmentMetrics" in links:
                metrics = tree[path + "/EnvironmentMetrics"]
                self.assertGreater(metrics["PowerWatts"]["Reading"], 0)
                self.assertIn(metrics["PowerWatts"]["DataSourceUri"].rstrip("/"), tree)
                self.assertGreater(metrics["EnergykWh"]["Reading"], 0)
            if "PowerSubsystem" in links:
                supplies = tree[path + "/PowerSubsystem/PowerSupplies"]
                ids = [m["@odata.id"].rsplit("/", 1)[1] for m in supplies["Members"]]
                self.assertEqual(ids, expected["psus"])
                for psu in ids:
                    metrics = tree[f"{path}/PowerSubsystem/PowerSupplies/{psu}/Metrics"]
                    self.assertEqual(metrics["@odata.type"], "#PowerSupplyMetrics.v1_1_0.PowerSupplyMetrics")
                    self.assertGreater(metrics["InputPowerWatts"]["Reading"], 0)
                    self.assertGreater(metrics["EnergykWh"]["Reading"], 0)
                    self.assertGreater(metrics["InputVoltage"]["Reading"], 200)
            if "Power" in links:
                power = tree[path + "/Power"]
                control = power["PowerControl"][0]
                self.assertEqual(control["MemberId"], "0")
                self.assertTrue(control["@odata.id"].endswith("#/PowerControl/0"))
                self.assertGreater(control["PowerConsumedWatts"], 0)
                self.assertEqual(len(power["PowerSupplies"]), 2)
                self.assertGreater(power["PowerSupplies"][0]["PowerInputWatts"], 0)
        if vendor == "pdu":
            self.check_pdu(tree)
        else:
            self.assertNotIn("PowerEquipment", root)

    def check_pdu(self, tree):
        equipment = tree[ROOT + "/PowerEquipment"]
        pdus = tree[equipment["RackPDUs"]["@odata.id"]]
        self.assertEqual(pdus["Members"], [{"@odata.id": ROOT + "/PowerEquipment/RackPDUs/1"}])
        pdu = tree[ROOT + "/PowerEquipment/RackPDUs/1"]
        self.assertEqual(pdu["EquipmentType"], "RackPDU")
        outlets = tree[pdu["Outlets"]["@odata.id"]]["Members"]
        self.assertEqual([m["@odata.id"].rsplit("/", 1)[1] for m in outlets], [f"A{i}" for i in range(1, 13)])
        watts = []
        for i, m in enumerate(outlets, 1):
            outlet = tree[m["@odata.id"]]
            self.assertEqual(outlet["UserLabel"], f"gpu-srv-{i}")
            self.assertEqual(outlet["PowerState"], "On")
            for key in ("PowerWatts", "CurrentAmps", "Voltage", "EnergykWh"):
                self.assertGreater(outlet[key]["Reading"], 0, key)
                self.assertIn(outlet[key]["DataSourceUri"], tree)
            watts.append(outlet["PowerWatts"]["Reading"])
        self.assertIn(pdu["Mains"]["@odata.id"] + "/AC1", tree)
        metrics = tree[pdu["Metrics"]["@odata.id"]]
        self.assertEqual(metrics["@odata.type"], "#PowerDistributionMetrics.v1_3_0.PowerDistributionMetrics")
        self.assertGreater(metrics["EnergykWh"]["Reading"], 0)
        # The walk may cross a second: compare the sum within the model's swing per second.
        self.assertAlmostEqual(metrics["PowerWatts"]["Reading"], sum(watts), delta=0.05 * sum(watts))

    def test_servers_differ_by_name(self):
        a = self.get("walk-dmtf", ROOT + "/Chassis/1U/EnvironmentMetrics")["PowerWatts"]["Reading"]
        b = self.get("test-dmtf", ROOT + "/Chassis/1U/EnvironmentMetrics")["PowerWatts"]["Reading"]
        self.assertNotEqual(a, b)
        self.assertNotEqual(self.get("walk-dmtf", ROOT)["UUID"], self.get("test-dmtf", ROOT)["UUID"])

    def test_trailing_slashes(self):
        self.assertEqual(self.get("test-ilo5", ROOT + "/Chassis/1/")["@odata.id"], ROOT + "/Chassis/1/")
        self.assertEqual(self.get("test-idrac", ROOT + "/Chassis/")["@odata.id"], ROOT + "/Chassis")

    # --- the state file ---

    def test_state_gives_exact_values(self):
        gpus = [700, 690.5, 680, 670, 660, 650, 640, 630]
        self.set_state({
            "test-dgx": {"chassis_w": 7900, "gpu_w": gpus, "psu_w": [1400, 1410, 1420, 1430, 1440, 0],
                         "chassis_kwh": 123.5, "voltage_v": 229.5},
            "test-ilo5": {"chassis_w": 412, "psu_w": [210, 215]},
            "test-pdu": {"outlet_w": [100.0] * 11 + [50.5], "outlet_kwh": [1.0] * 12},
        })
        env = self.get("test-dgx", ROOT + "/Chassis/DGX/EnvironmentMetrics")
        self.assertEqual(env["PowerWatts"]["Reading"], 7900)
        self.assertEqual(env["EnergykWh"]["Reading"], 123.5)
        for i, w in enumerate(gpus, 1):
            self.assertEqual(self.get("test-dgx", f"{ROOT}/Chassis/HGX_GPU_SXM_{i}/EnvironmentMetrics")
                             ["PowerWatts"]["Reading"], w)
        psu = self.get("test-dgx", ROOT + "/Chassis/DGX/PowerSubsystem/PowerSupplies/PSU5/Metrics")
        self.assertEqual(psu["InputPowerWatts"]["Reading"], 0)
        self.assertEqual(psu["InputVoltage"]["Reading"], 229.5)
        power = self.get("test-ilo5", ROOT + "/Chassis/1/Power")
        self.assertEqual(power["PowerControl"][0]["PowerConsumedWatts"], 412)
        self.assertEqual([p["PowerInputWatts"] for p in power["PowerSupplies"]], [210, 215])
        metrics = self.get("test-pdu", ROOT + "/PowerEquipment/RackPDUs/1/Metrics")
        self.assertEqual(metrics["PowerWatts"]["Reading"], 1150.5)
        self.assertEqual(metrics["EnergykWh"]["Reading"], 12.0)
        self.assertEqual(self.get("test-pdu", ROOT + "/PowerEquipment/RackPDUs/1/Outlets/A12")
                         ["CurrentAmps"]["Reading"], round(50.5 / 230.0, 2))

    def test_an_outlet_switched_off(self):
        self.set_state({"test-pdu": {"outlet_off": [2]}})
        outlet = self.get("test-pdu", ROOT + "/PowerEquipment/RackPDUs/1/Outlets/A3")
        self.assertEqual(outlet["PowerState"], "Off")
        self.assertEqual(outlet["PowerWatts"]["Reading"], 0)
        self.assertEqual(outlet["CurrentAmps"]["Reading"], 0)
        self.assertEqual(self.get("test-pdu", ROOT + "/PowerEquipment/RackPDUs/1/Outlets/A4")["PowerState"], "On")

    def test_outlets_fed_by_servers_carry_their_psu_input(self):
        self.set_state({"test-dgx": {"chassis_w": 8000}, "test-idrac": {"chassis_w": 600, "psu_w": [300, 320]},
                        "test-pdu": {"outlet_feeds": ["test-dgx", None, "test-idrac", "no-such-bmc"]}})
        outlets = [self.get("test-pdu", f"{ROOT}/PowerEquipment/RackPDUs/1/Outlets/A{i}")["PowerWatts"]["Reading"]
                   for i in range(1, 6)]
        self.assertEqual(outlets, [8400, 0, 620, 0, 0])
        metrics = self.get("test-pdu", ROOT + "/PowerEquipment/RackPDUs/1/Metrics")
        self.assertEqual(metrics["PowerWatts"]["Reading"], 9020)

    def test_energy_rises_with_time(self):
        path = ROOT + "/Chassis/1/PowerSubsystem/PowerSupplies/1/Metrics"
        first = self.get("test-ilo6", path)["EnergykWh"]["Reading"]
        deadline = time.monotonic() + 10
        while self.get("test-ilo6", path)["EnergykWh"]["Reading"] == first:
            self.assertLess(time.monotonic(), deadline, "the counter did not rise")
            time.sleep(0.2)  # the counter moves with the clock, a second at a time
        self.assertGreater(self.get("test-ilo6", path)["EnergykWh"]["Reading"], first)

    def test_a_broken_state_file_keeps_the_last_good_one(self):
        self.set_state({"test-ilo6": {"chassis_w": 333}})
        self.assertEqual(self.get("test-ilo6", ROOT + "/Chassis/1/EnvironmentMetrics")["PowerWatts"]["Reading"], 333)
        with open(self.state_path, "w") as f:
            f.write("{not json")
        self.assertEqual(self.get("test-ilo6", ROOT + "/Chassis/1/EnvironmentMetrics")["PowerWatts"]["Reading"], 333)
        self.assertEqual(len(self.sim.lines("state error ")), 1)
        for typo in ({"chasis_w": 1}, {"fault": "slowly"}, {"fault": "status:5xx"}, {"session_epoch": "x"}):
            self.set_state({"test-ilo6": typo})
            self.assertEqual(self.get("test-ilo6", ROOT + "/Chassis/1/EnvironmentMetrics")
                             ["PowerWatts"]["Reading"], 333, typo)
        self.assertEqual(len(self.sim.lines("state error ")), 5)

    # --- auth and methods ---

    def test_service_root_answers_without_auth_and_nothing_else_does(self):
        for path in ("/redfish", ROOT, ROOT + "/"):
            self.assertEqual(self.request("test-dmtf", "GET", path, headers={})[0], 200, path)
        status, reply, body = self.request("test-dmtf", "GET", ROOT + "/Chassis", headers={})
        self.assert_redfish_error(status, body, 401)
        self.assertIn("Basic", reply.getheader("WWW-Authenticate"))
        wrong = {"Authorization": "Basic " + base64.b64encode(f"{USER}:nope".encode()).decode()}
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis", headers=wrong)[0], 401)
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis")[0], 200)
        self.assertEqual(reply.getheader("OData-Version"), "4.0")
        self.assertTrue(reply.getheader("Content-Type").startswith("application/json"))

    def test_session_create_use_delete(self):
        status, _, _ = self.request("test-dmtf", "POST", SESSIONS, headers={},
                                    body={"UserName": USER, "Password": "wrong"})
        self.assertEqual(status, 401)
        status, reply, body = self.request("test-dmtf", "POST", SESSIONS, headers={},
                                           body={"UserName": USER, "Password": PASSWORD})
        self.assertEqual(status, 201)
        token, location = reply.getheader("X-Auth-Token"), reply.getheader("Location")
        self.assertTrue(token)
        self.assertRegex(location, r"^/redfish/v1/SessionService/Sessions/\d+$")
        self.assertEqual(body["@odata.id"], location)
        self.assertEqual(body["UserName"], USER)
        auth = {"X-Auth-Token": token}
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis/1U", headers=auth)[0], 200)
        members = self.get("test-dmtf", SESSIONS, headers=auth)["Members"]
        self.assertIn({"@odata.id": location}, members)
        self.assertEqual(self.request("test-dmtf", "DELETE", location, headers=auth)[0], 204)
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis/1U", headers=auth)[0], 401)
        self.assertEqual(self.request("test-dmtf", "DELETE", location)[0], 404)
        session_id = location.rsplit("/", 1)[1]
        log = self.sim.log()
        self.assertIn(f"session created test-dmtf {session_id}\n", log)
        self.assertIn(f"session deleted test-dmtf {session_id}\n", log)
        self.assertIn(f"GET /redfish/v1/Chassis/1U auth=token\n", log)
        self.assertNotIn(token, log)
        self.assertNotIn(PASSWORD, log)

    def test_reset_sessions_ends_every_token(self):
        def login():
            status, reply, _ = self.request("test-supermicro", "POST", SESSIONS, headers={},
                                            body={"UserName": USER, "Password": PASSWORD})
            self.assertEqual(status, 201)
            return {"X-Auth-Token": reply.getheader("X-Auth-Token")}
        auth = login()
        self.assertEqual(self.request("test-supermicro", "GET", ROOT + "/Chassis", headers=auth)[0], 200)
        self.set_state({"test-supermicro": {"session_epoch": 1}})
        self.assertEqual(self.request("test-supermicro", "GET", ROOT + "/Chassis", headers=auth)[0], 401)
        self.assertEqual(self.request("test-supermicro", "GET", ROOT + "/Chassis", headers=login())[0], 200)

    def test_only_get_and_sessions_are_allowed(self):
        for method in ("POST", "PATCH", "PUT", "DELETE"):
            status, reply, body = self.request("test-idrac", method, ROOT + "/Chassis/System.Embedded.1", body={})
            self.assert_redfish_error(status, body, 405)
            self.assertEqual(reply.getheader("Allow"), "GET")
        status, _, body = self.request("test-idrac", "GET", ROOT + "/Chassis/System.Embedded.9")
        self.assert_redfish_error(status, body, 404)
        self.assertEqual(self.request("test-idrac", "PATCH", ROOT + "/Nowhere", body={})[0], 404)
        self.assertEqual(self.request("test-idrac", "POST", SESSIONS, headers={}, body=["not", "an", "object"])[0], 400)

    def test_session_limit(self):
        port = self.strict_sim.ports["strict-ilo6"]

        def login():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", SESSIONS, body=json.dumps({"UserName": USER, "Password": PASSWORD}))
            reply = conn.getresponse()
            body = json.loads(reply.read())
            conn.close()
            return reply.status, reply.getheader("X-Auth-Token"), reply.getheader("Location"), body
        first, second = login(), login()
        self.assertEqual([first[0], second[0]], [201, 201])
        status, token, _, body = login()
        self.assert_redfish_error(status, body, 503)
        self.assertIsNone(token)
        self.assertEqual(body["error"]["@Message.ExtendedInfo"][0]["MessageId"], "Base.1.8.SessionLimitExceeded")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("DELETE", first[2], headers={"X-Auth-Token": first[1]})
        self.assertEqual(conn.getresponse().status, 204)
        conn.close()
        self.assertEqual(login()[0], 201)

    def test_idle_connections_are_closed(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.strict_sim.ports["strict-ilo6"], timeout=10)
        conn.request("GET", ROOT)
        self.assertEqual(conn.getresponse().read()[:1], b"{")
        connection = self.strict_sim.lines("request strict-ilo6 ")[-1].split()[2]
        self.strict_sim.wait_for_log(f"closed strict-ilo6 {connection}\n")
        conn.close()

    # --- faults ---

    def test_status_faults(self):
        for code in (401, 403, 404, 500, 503):
            with self.subTest(code=code):
                self.set_state({"test-dmtf": {"fault": f"status:{code}"}})
                status, _, body = self.request("test-dmtf", "GET", ROOT + "/Chassis/1U")
                self.assert_redfish_error(status, body, code)
                self.assertEqual(self.request("test-dmtf", "GET", ROOT)[0], 200)

    def test_fault_path_hits_one_resource(self):
        metrics = ROOT + "/Chassis/1U/PowerSubsystem/PowerSupplies/0/Metrics"
        self.set_state({"test-dmtf": {"fault": "status:500", "fault_path": metrics}})
        self.assertEqual(self.request("test-dmtf", "GET", metrics)[0], 500)
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis/1U/EnvironmentMetrics")[0], 200)
        self.assertEqual(self.request("test-dmtf", "GET", ROOT + "/Chassis/1U/PowerSubsystem/PowerSupplies/0")[0],
                         200)

    def test_slow_body(self):
        self.set_state({"test-dmtf": {"fault": "slow"}})
        conn = self.connect("test-dmtf")
        conn.request("GET", ROOT + "/Chassis/1U", headers=BASIC)
        reply = conn.getresponse()
        self.assertEqual(reply.status, 200)
        self.assertGreater(int(reply.getheader("Content-Length")), 100)
        started = time.monotonic()
        self.assertEqual(reply.read(3), b'{"@')
        self.assertGreater(time.monotonic() - started, 0.15)
        conn.close()  # the simulator stops at its next byte

    def test_partial_body(self):
        self.set_state({"test-dmtf": {"fault": "partial"}})
        conn = self.connect("test-dmtf")
        conn.request("GET", ROOT + "/Chassis/1U", headers=BASIC)
        with self.assertRaises(http.client.IncompleteRead):
            conn.getresponse().read()
        conn.close()

    def test_invalid_json(self):
        self.set_state({"test-dmtf": {"fault": "invalid_json"}})
        conn = self.connect("test-dmtf")
        conn.request("GET", ROOT + "/Chassis/1U", headers=BASIC)
        reply = conn.getresponse()
        data = reply.read()
        self.assertEqual(reply.status, 200)
        self.assertEqual(len(data), int(reply.getheader("Content-Length")))
        with self.assertRaises(ValueError):
            json.loads(data)
        conn.close()

    def test_null_readings(self):
        self.set_state({"test-idrac": {"fault": "null_readings"}, "test-ilo5": {"fault": "null_readings"}})
        chassis = ROOT + "/Chassis/System.Embedded.1"
        self.assertIsNone(self.get("test-idrac", chassis + "/EnvironmentMetrics")["PowerWatts"]["Reading"])
        metrics = self.get("test-idrac", chassis + "/PowerSubsystem/PowerSupplies/PSU.Slot.1/Metrics")
        self.assertIsNone(metrics["InputPowerWatts"]["Reading"])
        self.assertIsNone(metrics["EnergykWh"]["Reading"])
        self.assertIsNone(self.get("test-ilo5", ROOT + "/Chassis/1/Power")["PowerControl"][0]["PowerConsumedWatts"])

    def test_missing_properties(self):
        self.set_state({"test-idrac": {"fault": "missing_properties"}, "test-ilo5": {"fault": "missing_properties"}})
        chassis = ROOT + "/Chassis/System.Embedded.1"
        env = self.get("test-idrac", chassis + "/EnvironmentMetrics")
        self.assertNotIn("PowerWatts", env)
        self.assertIn("EnergykWh", env)
        metrics = self.get("test-idrac", chassis + "/PowerSubsystem/PowerSupplies/PSU.Slot.2/Metrics")
        self.assertNotIn("InputPowerWatts", metrics)
        self.assertNotIn("PowerConsumedWatts", self.get("test-ilo5", ROOT + "/Chassis/1/Power")["PowerControl"][0])

    def test_moved(self):
        self.set_state({"test-idrac": {"fault": "moved"}, "test-pdu": {"fault": "moved"}})
        members = self.get("test-idrac", ROOT + "/Chassis")["Members"]
        self.assertEqual(members, [{"@odata.id": ROOT + "/Chassis/System.Embedded.2"},
                                   {"@odata.id": ROOT + "/Chassis/Enclosure.Internal.0-2"}])
        self.assertEqual(self.request("test-idrac", "GET", ROOT + "/Chassis/System.Embedded.1")[0], 404)
        supplies = self.get("test-idrac", ROOT + "/Chassis/System.Embedded.2/PowerSubsystem/PowerSupplies")
        self.assertEqual([m["@odata.id"].rsplit("/", 1)[1] for m in supplies["Members"]], ["PSU.Slot.3", "PSU.Slot.4"])
        self.assertEqual(self.request("test-pdu", "GET", ROOT + "/PowerEquipment/RackPDUs/1/Outlets/A1")[0], 404)
        self.assertEqual(self.request("test-pdu", "GET", ROOT + "/PowerEquipment/RackPDUs/2/Outlets/B1")[0], 200)

    def test_close_after_reply(self):
        self.set_state({"test-dmtf": {"fault": "close_after_reply"}})
        conn = self.connect("test-dmtf")
        status, reply, _ = self.request("test-dmtf", "GET", ROOT, conn=conn)
        self.assertEqual(reply.getheader("Connection"), "close")
        status, reply, _ = self.request("test-dmtf", "GET", ROOT + "/Chassis", conn=conn)  # http.client reconnects
        self.assertEqual(status, 200)
        conn.close()
        self.sim.wait_for_log("closed test-dmtf ")

    # --- connections ---

    def test_keep_alive_on_one_connection(self):
        before = len(self.sim.lines("connection test-ilo6 "))
        conn = self.connect("test-ilo6")
        for _ in range(20):
            self.request("test-ilo6", "GET", ROOT + "/Chassis/1/EnvironmentMetrics", conn=conn)
        conn.close()
        self.assertEqual(len(self.sim.lines("connection test-ilo6 ")), before + 1)
        self.sim.wait_for_log(f"closed test-ilo6 {before + 1}\n")

    def test_https_with_the_ca(self):
        context = ssl.create_default_context(cafile=self.ca)
        conn = http.client.HTTPSConnection("127.0.0.1", self.tls_sim.ports["tls-dmtf"], context=context, timeout=10)
        for path in (ROOT, ROOT + "/Chassis/1U/EnvironmentMetrics"):  # no auth without --user
            conn.request("GET", path)
            reply = conn.getresponse()
            self.assertEqual(reply.status, 200)
            json.loads(reply.read())
        conn.close()
        self.assertEqual(len(self.tls_sim.lines("connection tls-dmtf ")), 1)
        self.assertEqual(self.tls_sim.lines("request tls-dmtf "),
                         ["request tls-dmtf 1 GET /redfish/v1 auth=none",
                          "request tls-dmtf 1 GET /redfish/v1/Chassis/1U/EnvironmentMetrics auth=none"])
        with socket.create_connection(("127.0.0.1", self.tls_sim.ports["tls-dmtf"])) as plain:
            plain.sendall(b"GET /redfish/v1 HTTP/1.1\r\nHost: x\r\n\r\n")
            self.tls_sim.wait_for_log("tls failed tls-dmtf ")
        self.assertEqual(len(self.tls_sim.lines("connection tls-dmtf ")), 1)


if __name__ == "__main__":
    unittest.main()
