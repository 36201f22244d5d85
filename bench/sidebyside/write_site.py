#!/usr/bin/env python3
"""Writes one bench site into RUN_DIR: the meters' register image (served by
tests/drivers/modbus/peer's modbus-peer), the sitepower profile and site config
(sitepower.yaml; compact.yaml: the same with agent.telemetry_form: compact), and a
collectd.conf reading the same meters (and PDUs) the same way; with --shared
also shared.yaml, a second sitepower on only what collectd reads (meters and PDUs).

  write_site.py RUN_DIR --broker PORT --meter-ports FIRST-LAST [--units N]
                [--snmp-port FIRST --pdus N] [--miner-port PORT --rows R --per-row K]
                [--bmc-ports PORT,PORT,... --gpus G] [--shared]

Each meter is a unit (1..N on each port: a gateway's meters) of a Modbus TCP
server with 10 float32 input registers, high word first, at 0x00..0x12: the
agents read the same 10 values per meter every second and publish them to the
same broker at QoS 1. PDUs are bench/snmp_pdu_responder's APC rPDU2 (the
shipped apc-rpdu2 profile; each agent its own community, so the responder
counts each one's reads), read every second. Miners (bench/miner_scale's
layout: rows of 127.0.(10+r).1-K at one port) and GPU servers' BMCs
(bench/redfish_scale's: HTTPS with the run's CA in ca.pem, a session login)
are read every 5 s, by sitepower only: collectd has no plugin for them."""
import argparse
from pathlib import Path

# (collectd type and instance, sitepower quantity and channel, address, value)
POINTS = [
    ("voltage", "L1", 0x00, 230.5),
    ("voltage", "L2", 0x02, 231.25),
    ("voltage", "L3", 0x04, 229.75),
    ("current", "L1", 0x06, 10.5),
    ("current", "L2", 0x08, 11.25),
    ("current", "L3", 0x0A, 9.75),
    ("power", "L1", 0x0C, 2400.5),
    ("power", "L2", 0x0E, 2600.25),
    ("power", "L3", 0x10, 2240.0),
    ("power", "total", 0x12, 7240.75),
]


def meter_id(i):
    return f"meter{i + 1:02d}"


def image():
    lines = ["# bench meter: 10 float32 input registers, high word first"]
    lines += [f"input 0x{addr:02X} f32 {value}" for _, _, addr, value in POINTS]
    return "\n".join(lines) + "\n"


def profile():
    lines = ["# bench meter: 10 float32 input registers, high word first (bench/sidebyside)",
             "name: bench meter", "table: input", "type: f32", "points:"]
    lines += [f"  - {{quantity: {q}, channel: {ch}, address: 0x{addr:02X}}}" for q, ch, addr, _ in POINTS]
    return "\n".join(lines) + "\n"



# The APC rPDU2 OIDs collectd reads, as drivers/snmp/profiles/apc-rpdu2.yaml
# reads them: (collectd type, type instance, OID, scale).
RPDU2 = "1.3.6.1.4.1.318.1.1.26"
INLET = [("power", "total", f"{RPDU2}.4.3.1.5.1", 10), ("energy", "total", f"{RPDU2}.4.3.1.9.1", 100),
         ("current", "L1", f"{RPDU2}.6.3.1.5.1", 0.1), ("voltage", "L1", f"{RPDU2}.6.3.1.6.1", 1)]
OUTLETS = [("power", f"{RPDU2}.9.4.3.1.7", 1), ("current", f"{RPDU2}.9.4.3.1.6", 0.1),
           ("energy", f"{RPDU2}.9.4.3.1.11", 100)]
OUTLET_NAME = f"{RPDU2}.9.4.3.1.3"


class Site:
    def __init__(self, a):
        first, last = (int(p) for p in a.meter_ports.split("-"))
        # (id, port, unit) of each meter: the units of the first port, then the next port's
        self.meters = [(meter_id(i * a.units + u), port, u + 1)
                       for i, port in enumerate(range(first, last + 1)) for u in range(a.units)]
        self.ports = list(range(first, last + 1))
        self.units = a.units
        self.pdus = [(f"pdu-{i:03d}", a.snmp_port + i) for i in range(a.pdus)] if a.snmp_port else []
        self.rows = [(f"row-{r:02d}", r) for r in range(a.rows)] if a.miner_port else []
        self.miner_port, self.per_row = a.miner_port, a.per_row
        bmcs = [int(p) for p in a.bmc_ports.split(",")] if a.bmc_ports else []
        self.gpus = [(f"gpu-{d:03d}", bmcs[d % len(bmcs)]) for d in range(a.gpus)] if bmcs else []


def sitepower_config(site, broker_port, agent, everything, form):
    """The site config of one sitepower agent; everything=False: only the
    meters and PDUs (what collectd reads too); form: its telemetry_form."""
    lines = ["site: {id: bench, contracted_capacity_kw: 100000}",
             f"agent: {{id: {agent}, publish_interval_s: 1, log_level: warn, telemetry_form: {form}}}",
             f"mqtt: {{broker: 'tcp://127.0.0.1:{broker_port}'}}",
             "devices:"]
    leaves = []
    for mid, port, unit in site.meters:
        lines.append(f"  - {{id: {mid}, driver: modbus, profile: bench-meter.yaml, host: 127.0.0.1, "
                     f"port: {port}, unit: {unit}, interval_s: 1}}")
        leaves.append(f"{{id: {mid}, meter: {mid}, class: mining}}")
    for pid, port in site.pdus:
        lines.append(f"  - {{id: {pid}, driver: snmp, profile: apc-rpdu2, community_file: community-{agent}, "
                     f"host: 127.0.0.1, port: {port}, interval_s: 1}}")
        leaves.append(f"{{id: {pid}, meter: {pid}/total, class: ai}}")
    for rid, r in site.rows if everything else []:
        lines.append(f"  - {{id: {rid}, driver: miner, hosts: [127.0.{10 + r}.1-127.0.{10 + r}.{site.per_row}], "
                     f"port: {site.miner_port}, interval_s: 5}}")
        leaves.append(f"{{id: {rid}, meter: {rid}/total/power, class: mining}}")
    for gid, port in site.gpus if everything else []:
        lines.append(f"  - {{id: {gid}, driver: redfish, host: 127.0.0.1, port: {port}, scheme: https, "
                     "tls: {ca_file: ca.pem}, user: sitepower-ro, password_file: bmc-password, interval_s: 5, timeout_s: 4}")
        leaves.append(f"{{id: {gid}, meter: {gid}/chassis/power, class: ai}}")
    # Every device a leaf of the site, as on a real site: the split is part of the agent's cycle.
    lines += ["tree:", "  id: site", "  children:"] + [f"    - {leaf}" for leaf in leaves]
    return "\n".join(lines) + "\n"


def collectd_config(run_dir, broker_port, site):
    out = [f'Hostname "bench"', "FQDNLookup false", "Interval 1", "AutoLoadPlugin false",
           f'BaseDir "{run_dir}/collectd"', f'PIDFile "{run_dir}/collectd.pid"',
           'TypesDB "/usr/share/collectd/types.db"',
           "LoadPlugin logfile", "LoadPlugin modbus", "LoadPlugin mqtt"] + (["LoadPlugin snmp"] if site.pdus else []) + [
           "<Plugin logfile>", "  LogLevel info", f'  File "{run_dir}/collectd.log"', "</Plugin>",
           "<Plugin modbus>"]
    for ctype, channel, addr, _ in POINTS:
        out += [f'  <Data "{ctype}-{channel}">', f"    RegisterBase {addr}", "    RegisterType Float",
                "    RegisterCmd ReadInput", f'    Type "{ctype}"', f'    Instance "{channel}"', "  </Data>"]
    for i, port in enumerate(site.ports):
        # One Host per port (a gateway's units are its Slaves): one connection, as sitepower's.
        name = meter_id(i) if site.units == 1 else f"gw{i + 1:02d}"
        out += [f'  <Host "{name}">', '    Address "127.0.0.1"', f'    Port "{port}"', "    Interval 1"]
        for unit in range(1, site.units + 1):
            out += [f"    <Slave {unit}>"] + [f'      Collect "{ctype}-{channel}"' for ctype, channel, _, _ in POINTS]
            out += ["    </Slave>"]
        out += ["  </Host>"]
    out += ["</Plugin>"]
    if site.pdus:
        out += ["<Plugin snmp>"]
        for ctype, instance, oid, scale in INLET:
            out += [f'  <Data "inlet_{ctype}">', "    Table false", f'    Type "{ctype}"',
                    f'    TypeInstance "{instance}"', f"    Scale {scale}", f'    Values "{oid}"', "  </Data>"]
        for ctype, oid, scale in OUTLETS:
            out += [f'  <Data "outlet_{ctype}">', "    Table true", f'    Type "{ctype}"',
                    f'    TypeInstanceOID "{OUTLET_NAME}"', f"    Scale {scale}", f'    Values "{oid}"', "  </Data>"]
        collect = " ".join(f'"inlet_{c}"' for c, _, _, _ in INLET) + " " + " ".join(f'"outlet_{c}"' for c, _, _ in OUTLETS)
        for pid, port in site.pdus:
            # GETBULK of 16 rows, as sitepower's default max_repetitions.
            out += [f'  <Host "{pid}">', f'    Address "udp:127.0.0.1:{port}"', "    Version 2",
                    '    Community "collectd"', f"    Collect {collect}", "    Interval 1", "    BulkSize 16",
                    "  </Host>"]
        out += ["</Plugin>"]
    out += ["<Plugin mqtt>", '  <Publish "bench">', '    Host "127.0.0.1"', f"    Port {broker_port}",
            '    ClientId "collectd-bench"', "    QoS 1", '    Prefix "collectd"', "    Retain false",
            "  </Publish>", "</Plugin>"]
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run_dir", type=Path)
    p.add_argument("--broker", type=int, required=True)
    p.add_argument("--meter-ports", required=True)
    p.add_argument("--units", type=int, default=1)
    p.add_argument("--snmp-port", type=int)
    p.add_argument("--pdus", type=int, default=0)
    p.add_argument("--miner-port", type=int)
    p.add_argument("--rows", type=int, default=0)
    p.add_argument("--per-row", type=int, default=0)
    p.add_argument("--bmc-ports")
    p.add_argument("--gpus", type=int, default=0)
    p.add_argument("--shared", action="store_true")
    a = p.parse_args()
    site, run_dir = Site(a), a.run_dir
    (run_dir / "collectd").mkdir(parents=True, exist_ok=True)
    (run_dir / "meter.txt").write_text(image())
    (run_dir / "bench-meter.yaml").write_text(profile())
    agents = {"sitepower": (True, "full"), "compact": (True, "compact"),
              **({"shared": (False, "full")} if a.shared else {})}
    for agent, (everything, form) in agents.items():
        (run_dir / f"community-{agent}").write_text(agent + "\n")
        (run_dir / f"{agent}.yaml").write_text(sitepower_config(site, a.broker, agent, everything, form))
    (run_dir / "collectd.conf").write_text(collectd_config(run_dir, a.broker, site))


if __name__ == "__main__":
    main()
