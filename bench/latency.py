#!/usr/bin/env python3
"""Reads `sitepower-tail --json` lines for WINDOW_S seconds, stamps each on
arrival, and prints the delivery latencies of issue 15:
  cycle to subscriber: arrival - Telemetry.time_unix_ms (the cycle that made it);
  poll to subscriber: arrival - DeviceReading.time_unix_ms (the poll that read it),
    which holds the wait for the next cycle (up to one publish interval).
  latency.py WINDOW_S TAIL_COMMAND..."""
import json
import subprocess
import sys
import time


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))] if v else float("nan")


def main():
    window = float(sys.argv[1])
    tail = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    cycle, poll = [], []
    end = time.time() + window
    for line in tail.stdout:
        arrived_ms = time.time() * 1000
        if arrived_ms / 1000 > end:
            break
        msg = json.loads(line).get("message", {})
        if "time_unix_ms" not in msg or "readings" not in msg:
            continue
        cycle.append(arrived_ms - int(msg["time_unix_ms"]))
        poll += [arrived_ms - int(r["time_unix_ms"]) for r in msg["readings"] if int(r.get("time_unix_ms", 0)) > 0]
    tail.terminate()
    print(f"messages {len(cycle)}, readings {len(poll)} in {window:.0f} s")
    for name, v in (("cycle to subscriber", cycle), ("poll to subscriber", poll)):
        print(f"{name}: p50 {pct(v, 50):.1f} ms, p99 {pct(v, 99):.1f} ms, max {max(v) if v else float('nan'):.1f} ms")


main()
