#!/usr/bin/env bash
# Issue 15's latency figures on the small site (bench/sidebyside/write_site.py:
# 20 Modbus TCP meters x 10 float32 at 1 s): after a warm-up, for WINDOW_S,
# every telemetry message as a subscriber (sitepower-tail --json) gets it:
# cycle-to-subscriber and poll-to-subscriber latency, p50 and p99
# (bench/latency.py says how each is taken).
#   bench/latency.sh BUILD_DIR [WINDOW_S] [WARMUP_S]   (BUILD_DIR: Release, with modbus-peer)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
window=${2:-60}
warmup=${3:-10}
# shellcheck source=bench/sidebyside/site_lib.sh
source bench/sidebyside/site_lib.sh
run=$(mktemp -d /tmp/sitepower-latency.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
start_site small "$build"
mkdir -p "$run/state"
STATE_DIRECTORY="$run/state" "$build/agent/app/sitepower-agent" --config "$run/sitepower.yaml" >"$run/agent.log" 2>&1 &
pids+=($!)
sleep "$warmup"
python3 bench/latency.py "$window" "$build/agent/app/sitepower-tail" --broker "tcp://127.0.0.1:$broker_port" --json \
  --topic 'sitepower/+/+/+/telemetry'
