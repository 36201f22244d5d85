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
meters=20
agent="$build/agent/app/sitepower-agent"
peer="$build/tests/drivers/modbus/peer/modbus-peer"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 200); do port_in_use "$1" && return 0; sleep 0.05; done; echo "nothing listens on $1"; exit 1; }
run=$(mktemp -d /tmp/sitepower-startup.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT

base=$((20000 + RANDOM % 40000))
while port_in_use "$base"; do base=$((base + meters + 1)); done
broker_port=$base
mapfile -t meter_ports < <(seq $((base + 1)) $((base + meters)))
python3 bench/sidebyside/write_site.py "$run" "$broker_port" "${meter_ports[@]}"
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" >"$run/mosquitto.conf"
/usr/sbin/mosquitto -c "$run/mosquitto.conf" >"$run/mosquitto.log" 2>&1 &
pids+=($!)
for i in "${!meter_ports[@]}"; do
  "$peer" --mode tcp --port "${meter_ports[$i]}" --unit "1:$run/meter.txt" >"$run/meter-$i.log" 2>&1 &
  pids+=($!)
done
wait_port "$broker_port"
for p in "${meter_ports[@]}"; do wait_port "$p"; done

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
