#!/usr/bin/env python3
"""redfish-sim: BMCs that speak Redfish over real HTTP/1.1 (keep-alive,
https with --cert/--key), several in one process, each on its own loopback
port with its own tree, sessions and state, for the redfish driver's tests,
benchmark and demo. Python 3.11 stdlib only.

  redfish_sim.py --serve PORT:VENDOR[:NAME] [--serve ...] [--address A]
                 [--cert PEM --key PEM] [--user U --password-file F]
                 [--state FILE] [--idle-timeout S] [--max-sessions N]

PORT 0 picks a free port. NAME defaults to VENDOR and must be unique; it
seeds the power model (servers differ) and keys the state file. VENDOR is a
profile of bmc_profiles.py: idrac, ilo6, ilo5, supermicro, dgx, dmtf, pdu.
Prints `serving NAME on PORT` per BMC, then `redfish-sim ready`.

Auth (with --user; without it anything goes): /redfish and /redfish/v1
answer anyone (the spec says so); everything else wants Basic auth or a
session's X-Auth-Token, else 401 with a Redfish error body.
POST /redfish/v1/SessionService/Sessions {"UserName","Password"} gives 201,
X-Auth-Token and Location; DELETE of that Location ends the session (204).
Other methods: 405 on a resource, 404 elsewhere. --max-sessions N: a login
past N open sessions gets 503 SessionLimitExceeded, as BMCs do (default: no
limit). --idle-timeout S: a kept-alive connection idle S seconds is closed.

State file (--state, optional): a JSON object {NAME: {key: value}}, read at
every request (write a temp file and rename it over: the next request serves
it), so a test gets exact values. Every key is optional; without it the model's value is served:
  chassis_w     W: the chassis's EnvironmentMetrics PowerWatts and the legacy
                PowerControl[0].PowerConsumedWatts
  chassis_kwh   the chassis's EnvironmentMetrics EnergykWh
  psu_w         [W per PSU]: PowerSupplyMetrics InputPowerWatts and the
                legacy PowerSupplies[].PowerInputWatts (default: the chassis
                power plus 5 % loss, split)
  psu_kwh       [kWh per PSU]
  gpu_w         [W per GPU] (dgx, 8): HGX_GPU_SXM_n's EnvironmentMetrics
  gpu_kwh       [kWh per GPU]
  outlet_w      [W per outlet] (pdu, 12); the PDU's Metrics and Mains sum them
  outlet_kwh    [kWh per outlet]
  outlet_off    [outlet places, 0-based]: PowerState Off, 0 W, 0 A
  outlet_feeds  [BMC NAME or null per outlet] (pdu): the outlet carries that
                BMC's PSU input (its chassis power + the PSUs' loss) as that
                BMC serves it now, so that a demo rack PDU agrees with the
                servers it feeds; null: 0 W. outlet_w wins where both are given
  voltage_v     PSU input, outlet and mains voltage
  fault         none, or one or more of (comma-separated):
                  status:N            N (e.g. 401 403 404 500 503) with a Redfish error body
                  slow                headers, then the body a byte per 100 ms
                  partial             Content-Length says more than is sent, then close
                  invalid_json        a body cut in half (Content-Length matches)
                  null_readings       every Reading (and legacy reading) is null
                  missing_properties  no PowerWatts, InputPowerWatts, PowerConsumedWatts
                  moved               chassis, PSU, PDU and outlet ids renamed (the
                                      profile's moved_*): old URIs 404
                  close_after_reply   Connection: close on every reply
  fault_path    the faults above up to close_after_reply hit only this path
                and below (default: everything but /redfish and /redfish/v1)
  session_epoch a counter: when it rises every session ends (a BMC reset):
                tokens get 401 until a new login
Model values move like a training job (base + swing*sin(t/period)), GPUs a
share of the chassis, energy counters integrate the power served.

Log (stdout, a line each, never a password or token):
  connection NAME N          a TCP connection (https: after its handshake)
  request NAME N METHOD PATH auth=basic|token|none   (what the client sent)
  session created NAME ID / session deleted NAME ID
  closed NAME N
  tls failed NAME REASON     a handshake that failed
  state error REASON         a state file that does not parse (the last good one stays)
"""
import argparse
import base64
import itertools
import json
import secrets
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from bmc_power import BmcPower, StateFile
from bmc_profiles import PROFILES
from redfish_tree import ROOT, SESSIONS, build_tree, degrade

PUBLIC = ("/redfish", ROOT)
ERRORS = {  # status -> (MessageId, Message) of the Base registry
    400: ("Base.1.8.MalformedJSON", "The request body submitted was malformed JSON."),
    401: ("Base.1.8.NoValidSession", "There is no valid session established with the implementation."),
    403: ("Base.1.8.InsufficientPrivilege", "There are insufficient privileges for the account or credentials."),
    404: ("Base.1.8.ResourceMissingAtURI", "The resource at the URI was not found."),
    405: ("Base.1.8.OperationNotAllowed", "The HTTP method is not allowed on this resource."),
    # Not a status of its own: a login past --max-sessions.
    "session_limit": ("Base.1.8.SessionLimitExceeded", "The session establishment failed due to the number of "
                      "simultaneous sessions exceeding the limit of the implementation."),
    500: ("Base.1.8.InternalError", "The request failed due to an internal service error."),
    503: ("Base.1.8.ServiceTemporarilyUnavailable", "The service is temporarily unavailable."),
}

log_lock = threading.Lock()


def log(line):
    with log_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def canonical(path):
    return path.rstrip("/") or "/"


def under(path, prefix):
    return path == prefix or path.startswith(prefix + "/")


def error_body(status, text=None, reason=None):
    message_id, message = ERRORS.get(reason or status, ("Base.1.8.GeneralError", "A general error has occurred."))
    return {"error": {
        "code": "Base.1.8.GeneralError",
        "message": "A general error has occurred. See ExtendedInfo for more information.",
        "@Message.ExtendedInfo": [{"@odata.type": "#Message.v1_1_1.Message", "MessageId": message_id,
                                   "Message": text or message, "Severity": "Critical", "Resolution": "None"}]}}


STATE_KEYS = {"chassis_w", "chassis_kwh", "psu_w", "psu_kwh", "gpu_w", "gpu_kwh", "outlet_w", "outlet_kwh",
              "outlet_off", "outlet_feeds", "voltage_v", "fault", "fault_path", "session_epoch"}
FAULT_KINDS = {"slow", "partial", "invalid_json", "null_readings", "missing_properties", "moved", "close_after_reply"}


class Faults:
    """The state entry's fault and fault_path."""

    def __init__(self, state):
        self.kinds = {f.strip() for f in str(state.get("fault", "none")).split(",")} - {"none", ""}
        statuses = [k for k in self.kinds if k.startswith("status:")]
        unknown = self.kinds - FAULT_KINDS - set(statuses)
        if unknown or len(statuses) > 1 or not all(k[len("status:"):].isdigit() for k in statuses):
            raise ValueError(f"fault {state['fault']!r}: want none, or a comma-separated list of status:N, "
                             + ", ".join(sorted(FAULT_KINDS)))
        self.status = int(statuses[0][len("status:"):]) if statuses else None
        self.path = canonical(state["fault_path"]) if "fault_path" in state else None

    def hit(self, path):
        return under(path, self.path) if self.path else path not in PUBLIC

    def body_fault(self, path):
        return next((k for k in ("slow", "partial", "invalid_json") if k in self.kinds), None) \
            if self.hit(path) else None


def check_state_entry(name, entry):
    unknown = set(entry) - STATE_KEYS
    if unknown:
        raise ValueError(f"{name}: unknown keys {sorted(unknown)}; known: {sorted(STATE_KEYS)}")
    Faults(entry)
    int(entry.get("session_epoch", 0))


BMCS = {}  # name -> Bmc: every BMC this process serves (outlet_feeds reads them)


class Bmc:
    """One simulated BMC: profile, readings, sessions, the served tree."""

    def __init__(self, name, vendor, args, state_file):
        self.name = name
        self.profile = PROFILES[vendor]
        self.args = args
        self.state_file = state_file
        self.power = BmcPower(name, self.profile["power"])
        self.lock = threading.Lock()
        self.connection_ids = itertools.count(1)
        self.session_ids = itertools.count(1)
        self.sessions = {}  # token -> (id, user)
        self.epoch = 0
        self.cached = None  # (key, tree, {path: bytes})
        BMCS[name] = self

    def state(self):
        generation, data = self.state_file.current()
        state = data.get(self.name, {})
        with self.lock:
            epoch = int(state.get("session_epoch", 0))
            if epoch > self.epoch:  # a BMC reset forgets its sessions
                self.epoch = epoch
                self.sessions.clear()
        return generation, state

    def fed(self, now, state):
        """`state` with outlet_feeds turned into outlet_w: each fed BMC's PSU input now."""
        feeds = state.get("outlet_feeds")
        if not feeds or "outlet_w" in state:
            return state
        _, data = self.state_file.current()
        watts = [BMCS[n].power.psu_input_w(now, data.get(n, {})) if n in BMCS else 0 for n in feeds]
        n = len(self.power.outlets)
        return dict(state, outlet_w=(watts + [0] * n)[:n])

    def resource(self, path, generation, state, faults):
        """The serialized body at path (canonical), or None."""
        now = time.time()
        key = (generation, int(now))
        with self.lock:
            if self.cached is None or self.cached[0] != key:
                tree = build_tree(self.name, self.profile, self.power.readings(now, self.fed(now, state)),
                                  "moved" in faults.kinds)
                for kind in ("null_readings", "missing_properties"):
                    if kind in faults.kinds:
                        tree = {p: degrade(b, kind) if faults.hit(p) else b for p, b in tree.items()}
                self.cached = (key, tree, {})
            _, tree, serialized = self.cached
            if path not in tree:
                return None
            if path not in serialized:
                serialized[path] = json.dumps(tree[path]).encode()
            return serialized[path]

    def session_uri(self, session_id):
        return f"{SESSIONS}/{session_id}" + ("/" if self.profile.get("trailing_slash") else "")

    def session_body(self, session_id, user):
        return {"@odata.id": self.session_uri(session_id), "@odata.type": "#Session.v1_6_0.Session",
                "Id": str(session_id), "Name": "User Session", "UserName": user}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no delayed-ACK stall between them

    def version_string(self):
        return "redfish-sim"

    def setup(self):
        super().setup()
        if self.server.bmc.args.idle_timeout:
            self.request.settimeout(self.server.bmc.args.idle_timeout)  # handle() closes on the timeout
        self.bmc = self.server.bmc
        self.connection_id = next(self.bmc.connection_ids)
        log(f"connection {self.bmc.name} {self.connection_id}")

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass  # the client went away mid-reply
        log(f"closed {self.bmc.name} {self.connection_id}")

    def log_message(self, *args):
        pass

    # --- replies ---

    def send(self, status, body=b"", headers=(), body_fault=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("OData-Version", "4.0")
        for name, value in headers:
            self.send_header(name, value)
        if body_fault == "invalid_json":
            body = body[: len(body) // 2]
        self.send_header("Content-Length", str(len(body)))
        if self.close_after_reply:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        if body_fault == "slow":
            return self.send_slowly(body)
        if body_fault == "partial":
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        self.wfile.write(body)

    def send_slowly(self, body):
        try:
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(0.1)  # the fault under test is a slow body
        except OSError:
            self.close_connection = True

    def send_json(self, status, value, headers=()):
        self.send(status, json.dumps(value).encode(), headers)

    def send_error_body(self, status, text=None, headers=(), reason=None):
        if status == 401:
            headers = (*headers, ("WWW-Authenticate", 'Basic realm="RedfishService"'))
        self.send_json(status, error_body(status, text, reason), headers)

    # --- requests ---

    def auth_kind(self):
        if self.headers.get("X-Auth-Token"):
            return "token"
        if self.headers.get("Authorization", "").startswith("Basic "):
            return "basic"
        return "none"

    def authorized(self):
        args = self.bmc.args
        if not args.user:
            return True
        token = self.headers.get("X-Auth-Token")
        if token:
            with self.bmc.lock:
                return token in self.bmc.sessions
        expected = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
        return secrets.compare_digest(self.headers.get("Authorization", ""), expected)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def any_method(self):
        bmc = self.bmc
        log(f"request {bmc.name} {self.connection_id} {self.command} {self.path} auth={self.auth_kind()}")
        request_body = self.read_body()
        generation, state = bmc.state()
        faults = Faults(state)
        self.close_after_reply = "close_after_reply" in faults.kinds
        path = canonical(urlsplit(self.path).path)
        if faults.status and faults.hit(path):
            return self.send_error_body(faults.status)
        if path == SESSIONS and self.command == "POST":
            return self.login(request_body)
        if path not in PUBLIC and not self.authorized():
            return self.send_error_body(401)
        if path == SESSIONS or path.startswith(SESSIONS + "/"):
            return self.sessions(path)
        body = bmc.resource(path, generation, state, faults)
        if body is None:
            return self.send_error_body(404)
        if self.command != "GET":
            return self.send_error_body(405, headers=(("Allow", "GET"),))
        self.send(200, body, body_fault=faults.body_fault(path))

    def login(self, request_body):
        bmc, args = self.bmc, self.bmc.args
        try:
            credentials = json.loads(request_body)
            user, password = credentials["UserName"], credentials["Password"]
        except (ValueError, KeyError, TypeError):
            return self.send_error_body(400)
        if args.user and not (user == args.user and secrets.compare_digest(str(password), args.password)):
            return self.send_error_body(401, "The authentication credentials are not valid.")
        token = secrets.token_hex(16)
        with bmc.lock:
            full = args.max_sessions and len(bmc.sessions) >= args.max_sessions
            if not full:
                session_id = next(bmc.session_ids)
                bmc.sessions[token] = (session_id, user)
        if full:
            return self.send_error_body(503, reason="session_limit")
        log(f"session created {bmc.name} {session_id}")
        self.send_json(201, bmc.session_body(session_id, user),
                       (("X-Auth-Token", token), ("Location", bmc.session_uri(session_id))))

    def sessions(self, path):
        bmc = self.bmc
        with bmc.lock:
            live = {str(sid): (token, user) for token, (sid, user) in bmc.sessions.items()}
        if path == SESSIONS:
            if self.command != "GET":
                return self.send_error_body(405, headers=(("Allow", "GET, POST"),))
            members = [{"@odata.id": bmc.session_uri(sid)} for sid in sorted(live, key=int)]
            return self.send_json(200, {"@odata.id": SESSIONS, "@odata.type": "#SessionCollection.SessionCollection",
                                        "Name": "Session Collection", "Members": members,
                                        "Members@odata.count": len(members)})
        session_id = path[len(SESSIONS) + 1:]
        if session_id not in live:
            return self.send_error_body(404)
        token, user = live[session_id]
        if self.command == "GET":
            return self.send_json(200, bmc.session_body(session_id, user))
        if self.command != "DELETE":
            return self.send_error_body(405, headers=(("Allow", "GET, DELETE"),))
        with bmc.lock:
            bmc.sessions.pop(token, None)
        log(f"session deleted {bmc.name} {session_id}")
        self.send(204)

    do_GET = any_method
    do_POST = any_method
    do_PUT = any_method
    do_PATCH = any_method
    do_DELETE = any_method
    do_HEAD = any_method


class BmcServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # hundreds of clients connect at once in the benchmark

    def __init__(self, address, bmc, tls):
        self.bmc = bmc
        self.tls = tls
        super().__init__(address, Handler)

    def finish_request(self, request, client_address):
        if self.tls is None:
            return super().finish_request(request, client_address)
        # The handshake runs here, in the connection's thread, not in accept().
        request.settimeout(10)
        try:
            tls_socket = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as e:
            log(f"tls failed {self.bmc.name} {getattr(e, 'reason', None) or type(e).__name__}")
            return
        tls_socket.settimeout(None)
        try:
            super().finish_request(tls_socket, client_address)
        finally:
            tls_socket.close()


def parse_serve(text):
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0].isdigit() or parts[1] not in PROFILES:
        raise argparse.ArgumentTypeError(f"want PORT:VENDOR[:NAME], VENDOR one of {', '.join(PROFILES)}")
    return int(parts[0]), parts[1], parts[2] if len(parts) == 3 else parts[1]


def main():
    parser = argparse.ArgumentParser(description="Redfish BMC simulator")
    parser.add_argument("--serve", type=parse_serve, action="append", required=True, metavar="PORT:VENDOR[:NAME]")
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="")
    parser.add_argument("--password-file")
    parser.add_argument("--state")
    parser.add_argument("--idle-timeout", type=float, default=0.0)
    parser.add_argument("--max-sessions", type=int, default=0)
    args = parser.parse_args()
    names = [name for _, _, name in args.serve]
    if len(set(names)) != len(names):
        parser.error("each --serve needs its own NAME")
    args.password = ""
    if args.password_file:
        with open(args.password_file) as f:
            args.password = f.readline().rstrip("\r\n")
    tls = None
    if args.cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)
    state_file = StateFile(args.state, log, check_state_entry)
    servers = []
    for port, vendor, name in args.serve:
        server = BmcServer((args.address, port), Bmc(name, vendor, args, state_file), tls)
        servers.append(server)
        log(f"serving {name} on {server.server_address[1]}")
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    log("redfish-sim ready")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
