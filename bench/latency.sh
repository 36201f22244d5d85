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
meters=20
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 200); do port_in_use "$1" && return 0; sleep 0.05; done; echo "nothing listens on $1"; exit 1; }
run=$(mktemp -d /tmp/sitepower-latency.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT

base=$((20000 + RANDOM % 40000))
while port_in_use "$base"; do base=$((base + meters + 1)); done
mapfile -t meter_ports < <(seq $((base + 1)) $((base + meters)))
python3 bench/sidebyside/write_site.py "$run" "$base" "${meter_ports[@]}"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$base" >"$run/mosquitto.conf"
/usr/sbin/mosquitto -c "$run/mosquitto.conf" >"$run/mosquitto.log" 2>&1 &
pids+=($!)
for i in "${!meter_ports[@]}"; do
  "$build/tests/drivers/modbus/peer/modbus-peer" --mode tcp --port "${meter_ports[$i]}" --unit "1:$run/meter.txt" \
    >"$run/meter-$i.log" 2>&1 &
  pids+=($!)
done
wait_port "$base"
for p in "${meter_ports[@]}"; do wait_port "$p"; done
mkdir -p "$run/state"
STATE_DIRECTORY="$run/state" "$build/agent/app/sitepower-agent" --config "$run/sitepower.yaml" >"$run/agent.log" 2>&1 &
pids+=($!)
sleep "$warmup"
python3 bench/latency.py "$window" "$build/agent/app/sitepower-tail" --broker "tcp://127.0.0.1:$base" --json \
  --topic 'sitepower/+/+/+/telemetry'
