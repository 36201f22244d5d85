#!/usr/bin/env python3
"""Writes one bench site into RUN_DIR: the meters' register image (served by
tests/drivers/modbus/peer's modbus-peer), the sitepower profile and site config,
and a collectd.conf reading the same registers of the same meters.

  write_site.py RUN_DIR BROKER_PORT METER_PORT [METER_PORT ...]

Each meter is one Modbus TCP server (unit 1) with 10 float32 input registers,
high word first, at 0x00..0x12: both agents read the same 10 values per meter
every second and publish them to the same broker at QoS 1."""
import sys
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


def sitepower_config(broker_port, meter_ports):
    lines = ["site: {id: bench, contracted_capacity_kw: 500}",
             "agent: {id: sitepower, publish_interval_s: 1, log_level: warn}",
             f"mqtt: {{broker: 'tcp://127.0.0.1:{broker_port}'}}",
             "devices:"]
    lines += [f"  - {{id: {meter_id(i)}, driver: modbus, profile: bench-meter.yaml, host: 127.0.0.1, "
              f"port: {port}, unit: 1, interval_s: 1}}" for i, port in enumerate(meter_ports)]
    # Every meter a leaf of the site, as on a real site: the split is part of the agent's cycle.
    lines += ["tree:", "  id: site", "  children:"]
    lines += [f"    - {{id: {meter_id(i)}, meter: {meter_id(i)}, class: mining}}" for i in range(len(meter_ports))]
    return "\n".join(lines) + "\n"


def collectd_config(run_dir, broker_port, meter_ports):
    out = [f'Hostname "bench"', "FQDNLookup false", "Interval 1", "AutoLoadPlugin false",
           f'BaseDir "{run_dir}/collectd"', f'PIDFile "{run_dir}/collectd.pid"',
           'TypesDB "/usr/share/collectd/types.db"',
           "LoadPlugin logfile", "LoadPlugin modbus", "LoadPlugin mqtt",
           "<Plugin logfile>", "  LogLevel info", f'  File "{run_dir}/collectd.log"', "</Plugin>",
           "<Plugin modbus>"]
    for ctype, channel, addr, _ in POINTS:
        out += [f'  <Data "{ctype}-{channel}">', f"    RegisterBase {addr}", "    RegisterType Float",
                "    RegisterCmd ReadInput", f'    Type "{ctype}"', f'    Instance "{channel}"', "  </Data>"]
    for i, port in enumerate(meter_ports):
        out += [f'  <Host "{meter_id(i)}">', '    Address "127.0.0.1"', f'    Port "{port}"', "    Interval 1",
                "    <Slave 1>"]
        out += [f'      Collect "{ctype}-{channel}"' for ctype, channel, _, _ in POINTS]
        out += ["    </Slave>", "  </Host>"]
    out += ["</Plugin>",
            "<Plugin mqtt>", '  <Publish "bench">', '    Host "127.0.0.1"', f"    Port {broker_port}",
            '    ClientId "collectd-bench"', "    QoS 1", '    Prefix "collectd"', "    Retain false",
            "  </Publish>", "</Plugin>"]
    return "\n".join(out) + "\n"


def main():
    run_dir, broker_port, meter_ports = Path(sys.argv[1]), int(sys.argv[2]), [int(p) for p in sys.argv[3:]]
    (run_dir / "collectd").mkdir(parents=True, exist_ok=True)
    (run_dir / "meter.txt").write_text(image())
    (run_dir / "bench-meter.yaml").write_text(profile())
    (run_dir / "sitepower.yaml").write_text(sitepower_config(broker_port, meter_ports))
    (run_dir / "collectd.conf").write_text(collectd_config(run_dir, broker_port, meter_ports))


if __name__ == "__main__":
    main()
