#!/usr/bin/env bash
# The small site of issue 15, sitepower and collectd side by side in one run:
# 20 Modbus TCP meters (one modbus-peer each, tests/drivers/modbus/peer) with
# 10 float32 input registers, read at 1 s by both agents, which publish to one
# private Mosquitto. After the warm-up, over the window, it records each agent's
# CPU ticks (/proc/PID/stat), its memory at the end (/proc/PID/smaps_rollup),
# the requests the meters answered, and what a subscriber to each agent's
# topics received; bench/sidebyside/report.py prints the table.
#   bench/sidebyside/small_site.sh BUILD_DIR [WARMUP_S] [WINDOW_S]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$1
warmup=${2:-15}
window=${3:-60}
meters=20
agent="$build/agent/app/sitepower-agent"
peer="$build/tests/drivers/modbus/peer/modbus-peer"
here=bench/sidebyside

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 200); do port_in_use "$1" && return 0; sleep 0.05; done; echo "nothing listens on $1"; exit 1; }
# A base port with the broker's and every meter's port free.
free_ports() {
  local base
  while :; do
    base=$((20000 + RANDOM % 40000))
    local p busy=
    for p in $(seq "$base" $((base + meters))); do port_in_use "$p" && { busy=1; break; }; done
    [[ -z $busy ]] && { echo "$base"; return; }
  done
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }
# TCP payload bytes the agent's connection to the broker has sent and received
# so far (the kernel's tcp_info, through ss): MQTT with all its framing and
# acknowledgements, without TCP/IP headers.
mqtt_bytes() {
  ss -tnpi state established "( dport = :$broker_port )" | awk -v pid="pid=$1," '
    /users:/ { mine = index($0, pid) > 0; next }
    mine { for (i = 1; i <= NF; i++) { split($i, kv, ":"); if (kv[1] == "bytes_sent") s += kv[2]; if (kv[1] == "bytes_received") r += kv[2] } }
    END { print s + 0, r + 0 }'
}

run=$(mktemp -d /tmp/sitepower-sidebyside.XXXXXX)
pids=()
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do  # each gone before the next: the broker last
    if kill "${pids[i]}" 2>/dev/null; then wait "${pids[i]}" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  if [[ -n ${KEEP_RUN:-} ]]; then echo "run files kept in $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT

base=$(free_ports)
broker_port=$base
mapfile -t meter_ports < <(seq $((base + 1)) $((base + meters)))
python3 "$here/write_site.py" "$run" "$broker_port" "${meter_ports[@]}"

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" >"$run/mosquitto.conf"
/usr/sbin/mosquitto -c "$run/mosquitto.conf" >"$run/mosquitto.log" 2>&1 &
pids+=($!)
for i in "${!meter_ports[@]}"; do
  "$peer" --mode tcp --port "${meter_ports[$i]}" --unit "1:$run/meter.txt" >"$run/meter-$i.log" 2>&1 &
  pids+=($!)
done
wait_port "$broker_port"
for p in "${meter_ports[@]}"; do wait_port "$p"; done

mkdir -p "$run/state"
STATE_DIRECTORY="$run/state" "$agent" --config "$run/sitepower.yaml" >"$run/sitepower.log" 2>&1 &
sitepower=$!
pids+=("$sitepower")
/usr/sbin/collectd -f -C "$run/collectd.conf" >"$run/collectd.out" 2>&1 &
collectd=$!
pids+=("$collectd")

sleep "$warmup"  # both agents connected and polling in their steady state
for pid in $sitepower $collectd; do kill -0 "$pid" || { echo "an agent died:"; tail "$run"/*.log "$run/collectd.out"; exit 1; }; done

# Subscribers at QoS 1, so the broker drops nothing. They print when each
# message arrived: report.py counts those within the window, and leaves out the
# retained ones handed over at subscription.
mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -t 'sitepower/#' -F '%r %U %t %l %x' >"$run/sub-sitepower.txt" &
sub_sitepower=$!
mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -t 'collectd/#' -F '%r %U %t %l' >"$run/sub-collectd.txt" &
sub_collectd=$!
pids+=("$sub_sitepower" "$sub_collectd")
sleep 1  # both subscriptions in place before the window opens

lines_at_start=()
for i in "${!meter_ports[@]}"; do lines_at_start+=("$(wc -l <"$run/meter-$i.log")"); done
t0=$(now)
sitepower_t0=$(cpu_ticks $sitepower)
collectd_t0=$(cpu_ticks $collectd)
sitepower_tcp0=$(mqtt_bytes $sitepower)
collectd_tcp0=$(mqtt_bytes $collectd)
sleep "$window"  # the measurement window itself
t1=$(now)
echo "$sitepower_t0 $(cpu_ticks $sitepower)" >"$run/cpu-sitepower.txt"
echo "$collectd_t0 $(cpu_ticks $collectd)" >"$run/cpu-collectd.txt"
echo "$sitepower_tcp0 $(mqtt_bytes $sitepower)" >"$run/tcp-sitepower.txt"
echo "$collectd_tcp0 $(mqtt_bytes $collectd)" >"$run/tcp-collectd.txt"
cat "/proc/$sitepower/smaps_rollup" >"$run/smaps-sitepower.txt"
cat "/proc/$collectd/smaps_rollup" >"$run/smaps-collectd.txt"
lines_at_end=()
for i in "${!meter_ports[@]}"; do lines_at_end+=("$(wc -l <"$run/meter-$i.log")"); done
kill $sub_sitepower $sub_collectd
for i in "${!meter_ports[@]}"; do
  awk -v a="${lines_at_start[i]}" -v b="${lines_at_end[i]}" 'NR > a && NR <= b && /^request /' "$run/meter-$i.log"
done >"$run/requests.txt"
echo "$t0 $t1 $(getconf CLK_TCK)" >"$run/window.txt"

echo "small site: $meters Modbus TCP meters x 10 float32 input registers at 1 s, both agents publishing to one Mosquitto (QoS 1)"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); warm-up ${warmup} s"
echo "collectd-core $(dpkg-query -W -f '${Version}' collectd-core), $("$agent" --version) (Release)"
python3 "$here/report.py" "$run"
