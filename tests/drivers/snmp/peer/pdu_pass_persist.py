#!/usr/bin/python3
"""A PDU's enterprise subtree for Debian's snmpd, through pass_persist.

snmpd starts this script (one per `pass_persist` line of the test's snmpd.conf)
and asks it for `get` and `getnext`; the values come from a text file, one
`OID TYPE VALUE` a line, from one or more files (TYPE as pass_persist knows them: integer, gauge,
counter, string, objectid, ...). The file is read again whenever it changes,
so a test changes what the PDU serves (a table shrinking, a sensor going
unavailable) by rewriting it. A `delay SECONDS` line makes every `get` late (walks stay
fast, so the delay is per request, not per row): a slow PDU.
"""
import os
import sys
import time

paths = sys.argv[1:]  # one or more value files, served together
loaded_mtime = None
values = []  # sorted [(oid tuple, type, value)]
delay = 0.0


def oid_key(text):
    return tuple(int(x) for x in text.strip().strip(".").split("."))


def load():
    global loaded_mtime, values, delay
    try:
        mtime = tuple(os.stat(p).st_mtime_ns for p in paths)
    except OSError:
        return
    if mtime == loaded_mtime:
        return
    rows, new_delay = [], 0.0
    for name in paths:
        with open(name) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                parts = line.split(None, 2)
                if parts[0] == "delay":
                    new_delay = float(parts[1])
                    continue
                rows.append((oid_key(parts[0]), parts[1], parts[2] if len(parts) > 2 else ""))
    rows.sort()
    values, delay, loaded_mtime = rows, new_delay, mtime


def answer(row):
    oid, kind, value = row
    sys.stdout.write("." + ".".join(map(str, oid)) + "\n" + kind + "\n" + value + "\n")


def main():
    while True:
        command = sys.stdin.readline()
        if not command:
            return
        command = command.strip()
        if command == "PING":
            sys.stdout.write("PONG\n")
        elif command in ("get", "getnext"):
            wanted = oid_key(sys.stdin.readline())
            load()
            if delay and command == "get":
                time.sleep(delay)
            found = None
            for row in values:
                if (command == "get" and row[0] == wanted) or (command == "getnext" and row[0] > wanted):
                    found = row
                    break
            if found:
                answer(found)
            else:
                sys.stdout.write("NONE\n")
        elif command == "set":
            sys.stdin.readline()
            sys.stdin.readline()
            sys.stdout.write("not-writable\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
