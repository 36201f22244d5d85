#!/usr/bin/env bash
# Issue 15's start-up figure: from exec of sitepower-agent to its first
# telemetry message at the broker, on the small site (20 Modbus TCP meters x
# 10 float32 registers on loopback, bench/sidebyside/write_site.py), each run
# with a fresh state directory. The time is the subscriber's receive time
# (mosquitto_sub %U) less the time taken just before the exec.
#   bench/startup.sh BUILD_DIR [RUNS]   (BUILD_DIR: a Release build with modbus-peer)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
runs=${2:-10}
agent="$build/agent/app/sitepower-agent"
# shellcheck source=bench/sidebyside/site_lib.sh
source bench/sidebyside/site_lib.sh
run=$(mktemp -d /tmp/sitepower-startup.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
start_site small "$build"

results=()
for r in $(seq "$runs"); do
  rm -rf "$run/state" && mkdir -p "$run/state"
  mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -C 1 -t 'sitepower/+/+/+/telemetry' -F '%U' >"$run/first.txt" &
  sub=$!
  sleep 0.3  # subscribed before the agent starts
  t0=$(date +%s.%N)
  STATE_DIRECTORY="$run/state" "$agent" --config "$run/sitepower.yaml" >"$run/agent-$r.log" 2>&1 &
  agent_pid=$!
  wait "$sub"
  kill "$agent_pid"
  wait "$agent_pid" 2>/dev/null || true
  ms=$(awk -v a="$t0" '{printf "%.1f", ($1 - a) * 1000}' "$run/first.txt")
  results+=("$ms")
  echo "run $r: first telemetry at the broker $ms ms after exec"
done
printf '%s\n' "${results[@]}" | sort -n | awk '{v[NR] = $1} END {
  printf "start-up to the first published cycle over %d runs: min %.1f ms, median %.1f ms, max %.1f ms\n",
    NR, v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }'
