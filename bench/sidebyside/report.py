#!/usr/bin/env python3
"""Prints the side-by-side table from what bench/sidebyside/small_site.sh
recorded in RUN_DIR over the measurement window:

  window.txt            t0 t1 (seconds, the window's ends) and CLK_TCK
  cpu-AGENT.txt         utime+stime ticks of the agent's process at t0 and at t1
  tcp-AGENT.txt         bytes sent and received on its connection to the broker, at t0 then at t1
  smaps-AGENT.txt       /proc/PID/smaps_rollup at t1
  requests.txt          the requests the meters logged within the window
  sub-AGENT.txt         what mosquitto_sub received, one message a line:
                        "retain arrival_time topic payload_length [payload_hex]"

  report.py RUN_DIR"""
import sys
from pathlib import Path

AGENTS = ("sitepower", "collectd")


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


TELEMETRY_READINGS, READING_QUALITY, QUALITY_GOOD = 9, 6, 1  # proto/sitepower/v1/telemetry.proto


def telemetry_readings(payload):
    """(readings, GOOD readings) in one sitepower.v1.Telemetry."""
    readings = good = 0
    for number, _, value in fields(payload):
        if number != TELEMETRY_READINGS:
            continue
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
    """Points the meters answered in the window, by agent: sitepower reads a
    meter's 10 float32 in one 20-register request, collectd each in its own."""
    agent_by_count = {20: "sitepower", 2: "collectd"}
    points = {a: 0 for a in (*AGENTS, "other")}
    for line in (run / "requests.txt").read_text().splitlines():
        count = int(line.split()[-1])  # "request unit U fc F address A count C"
        points[agent_by_count.get(count, "other")] += count // 2
    return points


def smaps_mb(run, agent):
    values = {}
    for line in (run / f"smaps-{agent}.txt").read_text().splitlines():
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def main():
    run = Path(sys.argv[1])
    t0, t1, tck = (float(x) for x in (run / "window.txt").read_text().split())
    window = t1 - t0
    points = points_read(run)
    rows = []
    for agent in AGENTS:
        ticks0, ticks1 = (int(x) for x in (run / f"cpu-{agent}.txt").read_text().split())
        cpu_s = (ticks1 - ticks0) / tck
        messages, readings, good, reading_bytes, all_bytes = wire(run, agent, t0, t1)
        mem = smaps_mb(run, agent)
        sent0, received0, sent1, received1 = (int(x) for x in (run / f"tcp-{agent}.txt").read_text().split())
        tcp_bytes = sent1 - sent0 + received1 - received0
        rows.append({
            "points read (meters' answers)": points[agent],
            "points read per second": points[agent] / window,
            "readings published (GOOD)": f"{readings} ({good})",
            "readings published per second": readings / window,
            "messages with readings": messages,
            "CPU time (s)": cpu_s,
            "CPU, % of one core": 100 * cpu_s / window,
            "CPU s per 1,000 points read": cpu_s / (points[agent] / 1000) if points[agent] else float("nan"),
            "Rss (MB)": mem["Rss"],
            "Pss (MB)": mem["Pss"],
            "Anonymous (MB)": mem["Anonymous"],
            "bytes per reading (topic + payload)": reading_bytes / readings if readings else float("nan"),
            "bytes per reading, all messages": all_bytes / readings if readings else float("nan"),
            "bytes per reading on the TCP connection (MQTT, both ways)": tcp_bytes / readings if readings else float("nan"),
        })
    ratio_rows = {"CPU s per 1,000 points read", "CPU, % of one core", "Rss (MB)", "Pss (MB)", "Anonymous (MB)",
                  "bytes per reading (topic + payload)", "bytes per reading, all messages",
                  "bytes per reading on the TCP connection (MQTT, both ways)"}
    print(f"window {window:.1f} s after warm-up; meters' requests outside the two agents' forms: "
          f"{points.get('other', 0)} points")
    print("| figure | sitepower | collectd | sitepower / collectd |")
    print("|---|---|---|---|")
    for key in rows[0]:
        cells = [fmt(r[key]) for r in rows]
        ratio = fmt(rows[0][key] / rows[1][key]) if key in ratio_rows and rows[1][key] else ""
        print(f"| {key} | {cells[0]} | {cells[1]} | {ratio} |")


def fmt(value):
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


if __name__ == "__main__":
    main()
