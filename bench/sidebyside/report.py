#!/usr/bin/env python3
"""Prints the table of one phase from what bench/sidebyside/side_by_side.sh
recorded in PHASE_DIR over its measurement window, for each AGENT (sitepower;
compact, the same with agent.telemetry_form: compact; shared, the sitepower of
the large site's side-by-side phase; collectd):

  window.txt            t0 t1 (seconds, the window's ends) and CLK_TCK
  cpu-AGENT.txt         utime+stime ticks of the agent's process at t0 and at t1
  tcp-AGENT.txt         bytes sent and received on its connection to the broker, at t0 then at t1
  smaps-AGENT.txt       /proc/PID/smaps_rollup at t1 (smaps-full-AGENT.txt: /proc/PID/smaps, sitepower's)
  rss-AGENT.txt         its Rss (kB) at t0 and at t1
  fds-AGENT.txt         its open fds at t1
  requests.txt          the requests the meters logged within the window ("... count C port P client CP")
  clients.txt           "client_port agent" of each agent's connections to the meters
  snmp-start.txt, snmp-end.txt
                        "community values" the PDUs served each agent (its own community) so far
  sub-AGENT.txt         what mosquitto_sub received, one message a line:
                        "retain arrival_time topic payload_length [payload_hex]"

  report.py PHASE_DIR"""
import re
import sys
from datetime import datetime
from pathlib import Path

AGENTS = ("sitepower", "compact", "shared", "collectd")


def varint(buf, i):
    value = shift = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def fields(buf):
    """(field number, wire type, value) of each field of one protobuf message."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        elif wire == 2:
            length, i = varint(buf, i)
            value, i = buf[i:i + length], i + length
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


# proto/sitepower/v1/telemetry.proto
TELEMETRY_READINGS, READING_QUALITY, QUALITY_GOOD, QUALITY_MISSING = 9, 6, 1, 4
TELEMETRY_PACKED, PACKED_SIZE, PACKED_QUALITIES, PACKED_EXCEPTIONS, EXCEPTION_INDEX = 15, 2, 4, 6, 1


def packed_readings(packed):
    """(readings, GOOD readings) in one PackedReadings: an entry is a reading
    unless it is MISSING without an exception (docs/compact-telemetry.md)."""
    size, qualities, excepted = 0, b"", set()
    for number, _, value in fields(packed):
        if number == PACKED_SIZE:
            size = value
        elif number == PACKED_QUALITIES:
            qualities = value
        elif number == PACKED_EXCEPTIONS:
            excepted |= {v for n, _, v in fields(value) if n == EXCEPTION_INDEX}
    nibbles = [(qualities[i // 2] >> (4 * (i % 2))) & 0xF for i in range(size)]
    readings = sum(q != QUALITY_MISSING or i in excepted for i, q in enumerate(nibbles))
    return readings, sum(q == QUALITY_GOOD for q in nibbles)


def telemetry_readings(payload):
    """(readings, GOOD readings) in one sitepower.v1.Telemetry, full or compact."""
    readings = good = 0
    for number, _, value in fields(payload):
        if number == TELEMETRY_PACKED:
            n, g = packed_readings(value)
            readings += n
            good += g
        elif number == TELEMETRY_READINGS:
            readings += 1
            good += any(n == READING_QUALITY and v == QUALITY_GOOD for n, _, v in fields(value))
    return readings, good


def wire(run, agent, t0, t1):
    """Messages, readings, GOOD readings, and topic + payload bytes of the
    messages that carry readings; plus the bytes of every message, all of those
    that arrived within the window [t0, t1]."""
    messages = readings = good = reading_bytes = all_bytes = 0
    for line in (run / f"sub-{agent}.txt").read_text().splitlines():
        parts = line.split(" ")
        retained, arrived, topic, length = parts[0] == "1", float(parts[1]), parts[2], int(parts[3])
        if retained or not t0 <= arrived <= t1:  # retained: stored before the window, handed over at subscription
            continue
        size = len(topic.encode()) + length
        all_bytes += size
        if agent == "collectd":  # one value per message: "time:value"
            n, g = 1, 1
        elif topic.endswith("/telemetry"):
            n, g = telemetry_readings(bytes.fromhex(parts[4]))
        else:
            continue
        messages += 1
        readings += n
        good += g
        reading_bytes += size
    return messages, readings, good, reading_bytes, all_bytes


def points_read(run):
    """Points each agent was answered in the window, (meters', PDUs'): a
    meter's float32 values (sitepower reads a meter's 10 in one 20-register
    request, collectd each in its own), told apart by the client's port; and
    the PDUs' outlet and inlet values, by community. A request from a port no
    agent held at the window's end counts as collectd's if it is of its form
    (2 registers), else as "other"."""
    clients = dict(line.split() for line in (run / "clients.txt").read_text().splitlines())
    meters = {}
    for line in (run / "requests.txt").read_text().splitlines():
        words = line.split()  # "request unit U fc F address A count C port P client CP"
        count = int(words[words.index("count") + 1])
        agent = clients.get(words[words.index("client") + 1]) or ("collectd" if count == 2 else "other")
        meters[agent] = meters.get(agent, 0) + count // 2
    pdus = {}
    start = dict(line.split() for line in (run / "snmp-start.txt").read_text().splitlines())
    for line in (run / "snmp-end.txt").read_text().splitlines():
        community, values = line.split()
        pdus[community] = int(values) - int(start.get(community, 0))
    return {a: (meters.get(a, 0), pdus.get(a, 0)) for a in (*AGENTS, "other")}


def failures(run, agent, t0, t1):
    """Polls the agent logged as failed within the window, by driver ("snmp 3, redfish 1")."""
    log = run / f"{agent}.log"
    if not log.exists():
        return ""
    by_driver = {}
    for m in re.finditer(r"^\[([0-9-]+ [0-9:.]+)\] \[warning\] device \S+ \((\w+)\) failed", log.read_text(), re.M):
        if t0 <= datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S.%f").timestamp() <= t1:
            by_driver[m[2]] = by_driver.get(m[2], 0) + 1
    return ", ".join(f"{d} {n}" for d, n in sorted(by_driver.items())) or "0"


def smaps_mb(path):
    values = {}
    for line in path.read_text().splitlines():
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def smaps_breakdown(path, top=6):
    """Rss and Anonymous MB by mapping (by file, [heap], [stack], or anonymous), largest first."""
    groups, name = {}, None
    for line in path.read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and ":" not in head[0]:  # a mapping's first line: "start-end perms offset dev inode [path]"
            name = head[5] if len(head) > 5 else "anonymous"
            name = name.rsplit("/", 1)[-1]
        elif head and head[0] in ("Rss:", "Anonymous:"):
            rss, anon = groups.get(name, (0, 0))
            kb = int(head[1]) / 1024
            groups[name] = (rss + kb, anon) if head[0] == "Rss:" else (rss, anon + kb)
    ranked = sorted(groups.items(), key=lambda kv: -kv[1][0])
    rest = sum(v[0] for _, v in ranked[top:])
    return ", ".join(f"{n} {r:.1f} ({a:.1f})" for n, (r, a) in ranked[:top]) + f", the other {len(ranked) - top} {rest:.1f}"


def main():
    run = Path(sys.argv[1])
    t0, t1, tck = (float(x) for x in (run / "window.txt").read_text().split())
    window = t1 - t0
    points = points_read(run)
    agents = [a for a in AGENTS if (run / f"cpu-{a}.txt").exists()]
    rows = []
    for agent in agents:
        ticks0, ticks1 = (int(x) for x in (run / f"cpu-{agent}.txt").read_text().split())
        cpu_s = (ticks1 - ticks0) / tck
        messages, readings, good, reading_bytes, all_bytes = wire(run, agent, t0, t1)
        mem = smaps_mb(run / f"smaps-{agent}.txt")
        sent0, received0, sent1, received1 = (int(x) for x in (run / f"tcp-{agent}.txt").read_text().split())
        tcp_bytes = sent1 - sent0 + received1 - received0
        meters, pdus = points[agent]
        read = meters + pdus
        rows.append({
            "points read (meters' answers + PDUs' values)": f"{meters} + {pdus}" if pdus else meters,
            "points read per second": read / window,
            "readings published (GOOD)": f"{readings} ({good})",
            "readings published per second": readings / window,
            "messages with readings": messages,
            "CPU time (s)": cpu_s,
            "CPU, % of one core": 100 * cpu_s / window,
            "CPU s per 1,000 points read": cpu_s / (read / 1000) if read else float("nan"),
            "CPU s per 1,000 readings published": cpu_s / (readings / 1000) if readings else float("nan"),
            "Rss at the window's start (MB)": int((run / f"rss-{agent}.txt").read_text().split()[0]) / 1024,
            "Rss (MB)": mem["Rss"],
            "Pss (MB)": mem["Pss"],
            "Anonymous (MB)": mem["Anonymous"],
            "open fds": int((run / f"fds-{agent}.txt").read_text()),
            "polls failed in the window (logged)": failures(run, agent, t0, t1),
            "bytes per reading (topic + payload)": reading_bytes / readings if readings else float("nan"),
            "bytes per reading, all messages": all_bytes / readings if readings else float("nan"),
            "bytes per reading on the TCP connection (MQTT, both ways)": tcp_bytes / readings if readings else float("nan"),
            # What the agent got back is its PUBACKs (4 bytes each) and the odd PINGRESP: at QoS 1, about the
            # messages it sent in the window, whether or not the subscriber kept up with them.
            "messages the broker acknowledged (bytes received / 4)": (received1 - received0) // 4,
        })
    ratio_rows = {"CPU s per 1,000 points read", "CPU s per 1,000 readings published", "CPU, % of one core", "Rss (MB)",
                  "Pss (MB)", "Anonymous (MB)", "bytes per reading (topic + payload)", "bytes per reading, all messages",
                  "bytes per reading on the TCP connection (MQTT, both ways)"}
    print(f"window {window:.1f} s after warm-up; meters' requests from no agent's connection: "
          f"{points['other'][0]} points")
    # Each sitepower (sitepower, compact, shared) against collectd, where it ran.
    ours = [i for i, a in enumerate(agents) if a != "collectd"] if "collectd" in agents else []
    theirs = agents.index("collectd") if ours else None
    ratio_heads = "".join(f" | {agents[i]} / collectd" for i in ours)
    print(f"| figure | {' | '.join(agents)}{ratio_heads} |")
    print("|---" * (len(agents) + len(ours) + 1) + "|")
    for key in rows[0]:
        cells = [fmt(r[key]) for r in rows]
        ratios = "".join(f" | {fmt(rows[i][key] / rows[theirs][key]) if key in ratio_rows and rows[theirs][key] else ''}"
                         for i in ours)
        print(f"| {key} | {' | '.join(cells)}{ratios} |")
    for agent in agents:
        if (run / f"smaps-full-{agent}.txt").exists():
            print(f"{agent}'s largest mappings, Rss (Anonymous) MB: {smaps_breakdown(run / f'smaps-full-{agent}.txt')}")


def fmt(value):
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


if __name__ == "__main__":
    main()
