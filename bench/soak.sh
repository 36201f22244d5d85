#!/usr/bin/env bash
# Issue 15 item 5, the soak (a script, not in CI): a bench site
# (bench/sidebyside/site_lib.sh: small, 20 Modbus TCP meters x 10 float32 at
# 1 s; or large, 200 meters and 5,000 PDU outlets at 1 s, 2,000 miners and 500
# GPU servers at 5 s) with hostile meters listed first (silent, wrong transaction ids, closing
# after 5 answers, answering 900 ms late, flooding junk), for DURATION_S, the
# broker restarted every RESTART_S. `sitepower-tail --check` watches the
# stream from the start. Every 10 s it samples the agent's Rss/Pss/Anonymous
# (/proc/PID/smaps_rollup) and open fds; at the end it prints the start and
# end of each and the check's cycles made, received and lost.
# During each restart the agent is stopped (SIGSTOP) until the checker has
# subscribed again: a restarted Mosquitto queues nothing for a session
# before its client is back (agent/app/tail_main.cpp), and the soak is about
# the agent, not that window.
#   bench/soak.sh [small|large] BUILD_DIR [DURATION_S=3600] [RESTART_S=300]
# Environment: FORM=compact runs the agent with agent.telemetry_form: compact
# (the checker decodes it by the retained inventory's catalogue); KEEP_RUN=1.
# (BUILD_DIR: Release, with modbus-peer, sitepower-tail, and for the large
# site snmp_pdu_responder and miner-sim; the site is small if not given)
set -euo pipefail
cd "$(dirname "$0")/.."
site=small
[[ ${1:-} == small || ${1:-} == large ]] && { site=$1; shift; }
build=$1
duration=${2:-3600}
restart_every=${3:-300}
faults=(silent wrong-tid close-after:5 late:900 flood)
config=sitepower  # write_site.py's configs: sitepower.yaml (full form), compact.yaml
[[ ${FORM:-full} == compact ]] && config=compact
agent="$build/agent/app/sitepower-agent"
peer="$build/tests/drivers/modbus/peer/modbus-peer"
# shellcheck source=bench/sidebyside/site_lib.sh
source bench/sidebyside/site_lib.sh
run=$(mktemp -d /tmp/sitepower-soak.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n ${KEEP_RUN:-} ]]; then echo "run files kept in $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT

start_site "$site" "$build" "${#faults[@]}"
ulimit -n "$(ulimit -Hn)"  # the large site: 500 HTTPS connections and the miners' budget
hostile_ports=("${extra_ports[@]}")
# The hostile meters go first in `devices:` and join the tree as leaves.
python3 - "$run/$config.yaml" "${hostile_ports[@]}" <<'PY'
import sys
path, ports = sys.argv[1], sys.argv[2:]
text = open(path).read()
devices = "".join(f"  - {{id: hostile{i + 1}, driver: modbus, profile: bench-meter.yaml, host: 127.0.0.1, "
                  f"port: {p}, unit: 1, interval_s: 1}}\n" for i, p in enumerate(ports))
leaves = "".join(f"    - {{id: hostile{i + 1}, meter: hostile{i + 1}, class: ai}}\n" for i in range(len(ports)))
text = text.replace("devices:\n", "devices:\n" + devices, 1).replace("  children:\n", "  children:\n" + leaves, 1)
open(path, "w").write(text)
PY

for i in "${!faults[@]}"; do
  "$peer" --mode tcp --port "${hostile_ports[$i]}" --unit "1:$run/meter.txt" --fault "1:${faults[$i]}" >/dev/null 2>&1 &
  pids+=($!)
done
for p in "${meter_ports[@]}" "${hostile_ports[@]}"; do wait_port "$p"; done

"$build/agent/app/sitepower-tail" --broker "tcp://127.0.0.1:$broker_port" --check --since-start \
  >"$run/check.txt" 2>"$run/check.log" &
check=$!
pids+=("$check")
for _ in $(seq 100); do grep -q "subscribed to" "$run/check.log" && break; sleep 0.1; done
mkdir -p "$run/state"
STATE_DIRECTORY="$run/state" "$agent" --config "$run/$config.yaml" >"$run/agent.log" 2>&1 &
sitepower=$!
pids+=("$sitepower")

sample() {
  local rss pss anon fds
  read -r rss pss anon < <(awk '/^Rss:/ {r = $2} /^Pss:/ {p = $2} /^Anonymous:/ {a = $2} END {print r, p, a}' \
    "/proc/$sitepower/smaps_rollup")
  fds=$(find "/proc/$sitepower/fd" -mindepth 1 -maxdepth 1 | wc -l)
  echo "$(($(date +%s) - t0)) $rss $pss $anon $fds" >>"$run/samples.txt"
}
t0=$(date +%s)
sleep 10
next_restart=$restart_every
restarts=0
while (($(date +%s) - t0 < duration)); do
  sample
  if (($(date +%s) - t0 >= next_restart)); then
    kill "$broker"
    wait "$broker" 2>/dev/null || true
    kill -STOP "$sitepower"
    before=$(grep -c "subscribed again" "$run/check.log" || true)
    start_broker
    for _ in $(seq 300); do (($(grep -c "subscribed again" "$run/check.log" || true) > before)) && break; sleep 0.1; done
    kill -CONT "$sitepower"
    restarts=$((restarts + 1))
    next_restart=$((next_restart + restart_every))
  fi
  sleep 10
done
sample
kill -TERM "$sitepower"
wait "$sitepower" || true
sleep 2
kill -INT "$check"
wait "$check" || true

echo "soak: $site site, $meters meters + ${#faults[@]} hostile (${faults[*]}), $duration s, broker restarted $restarts times"
awk 'NR == 1 {s = $0} {e = $0} END {
  split(s, a); split(e, b)
  printf "Rss %.1f -> %.1f MB, Pss %.1f -> %.1f MB, Anonymous %.2f -> %.2f MB, fds %d -> %d (first sample at %d s, last at %d s)\n",
    a[2] / 1024, b[2] / 1024, a[3] / 1024, b[3] / 1024, a[4] / 1024, b[4] / 1024, a[5], b[5], a[1], b[1] }' "$run/samples.txt"
awk '{print $2}' "$run/samples.txt" | sort -n | awk '{v[NR] = $1} END {printf "Rss over the run: min %.1f MB, max %.1f MB\n", v[1] / 1024, v[NR] / 1024}'
tail -n 5 "$run/check.txt"
