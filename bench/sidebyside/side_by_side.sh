#!/usr/bin/env bash
# Issue 15's side-by-side run: sitepower and collectd on the same loopback site
# (site_lib.sh: small or large) in one run, both publishing to one private
# Mosquitto. collectd reads the meters (modbus plugin) and the PDUs (snmp
# plugin); it has no plugin for miners or GPU servers, so on the large site
# the side-by-side phase runs sitepower on what collectd reads (shared.yaml,
# agent id `shared`), and a second phase, on the same devices right after,
# runs sitepower alone on the whole site (sitepower.yaml), then again with
# compact telemetry (compact.yaml): see BENCHMARKS.md. On the small site the
# compact form runs beside the full one and collectd, all three at once.
# In each phase, after the warm-up, over the window, it records each agent's
# CPU ticks (/proc/PID/stat), its memory at both ends (/proc/PID/smaps_rollup,
# and sitepower's /proc/PID/smaps at the end), the meters' requests (told
# apart by the client's port) and the PDUs' values served (by community), and
# what a subscriber to each agent's topics received; report.py prints the
# phase's table.
#   bench/sidebyside/side_by_side.sh small|large BUILD_DIR [WARMUP_S] [WINDOW_S]
# Environment: KEEP_RUN=1 keeps the run directory; PERF_S (below).
set -euo pipefail
cd "$(dirname "$0")/../.."
site=$1
build=$2
warmup=${3:-15}
window=${4:-60}
agent="$build/agent/app/sitepower-agent"
here=bench/sidebyside
# shellcheck source=bench/sidebyside/site_lib.sh
source "$here/site_lib.sh"

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
# "client_port agent" of each agent's connections to the meters.
meter_clients() {
  local name
  for name in "${!agent_pid[@]}"; do
    ss -tnp state established "( dport >= :${meter_ports[0]} and dport <= :${meter_ports[-1]} )" |
      awk -v pid="pid=${agent_pid[$name]}," -v name="$name" 'index($0, pid) { split($3, a, ":"); print a[2], name }'
  done
}
# "community values" served so far by the PDUs (snmp_pdu_responder's count).
snmp_values() {
  [[ -n ${responder:-} ]] || return 0
  local before
  before=$(grep -c '^served' "$run/responder.log" || true)
  kill -USR1 "$responder"
  for _ in $(seq 100); do (($(grep -c '^served' "$run/responder.log" || true) > before)) && break; sleep 0.02; done
  awk '/^served/ { n++ } n == last && /^values/ { print $2, $3 }' last="$((before + 1))" "$run/responder.log"
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

start_site "$site" "$build"
ulimit -n "$(ulimit -Hn)"  # 500 HTTPS connections and the miners' budget in sitepower

# Each end of the window takes the same readings in the same order, so that
# each counter's own interval is the window's length.
snapshot() {
  local name
  wc -l <"$run/meters.log" >>"$dir/meter-lines.txt"
  snmp_values >"$dir/snmp-$1.txt"
  now >>"$dir/window.txt"
  for name in "${!agent_pid[@]}"; do
    cpu_ticks "${agent_pid[$name]}" >>"$dir/cpu-$name.txt"
    mqtt_bytes "${agent_pid[$name]}" >>"$dir/tcp-$name.txt"
    awk '/^Rss:/ {print $2}' "/proc/${agent_pid[$name]}/smaps_rollup" >>"$dir/rss-$name.txt"
  done
}

# measure PHASE AGENT...: starts the agents (sitepower with AGENT.yaml, or
# collectd), and after the warm-up records the window into $run/PHASE; stops them.
measure() {
  local name pid format subs=() lines_at_start lines_at_end
  dir=$run/$1
  shift
  mkdir -p "$dir"
  declare -gA agent_pid=() topics=()
  for name in "$@"; do
    if [[ $name == collectd ]]; then
      /usr/sbin/collectd -f -C "$run/collectd.conf" >"$dir/collectd.out" 2>&1 &
      topics[$name]='collectd/#'
    else
      mkdir -p "$dir/state-$name"
      STATE_DIRECTORY="$dir/state-$name" "$agent" --config "$run/$name.yaml" >"$dir/$name.log" 2>&1 &
      topics[$name]="sitepower/v1/bench/$name/#"
    fi
    agent_pid[$name]=$!
    pids+=($!)
  done
  sleep "$warmup"  # every agent connected and polling in its steady state
  for name in "${!agent_pid[@]}"; do
    kill -0 "${agent_pid[$name]}" || { echo "$name died:"; tail "$dir"/*.log; exit 1; }
  done
  # Subscribers at QoS 1, so the broker drops nothing. They print when each
  # message arrived: report.py counts those within the window, and leaves out
  # the retained ones handed over at subscription. sitepower's payloads in hex
  # (to decode), collectd's as text.
  for name in "${!agent_pid[@]}"; do
    format='%r %U %t %l %x'
    [[ $name == collectd ]] && format='%r %U %t %l'
    mosquitto_sub -h 127.0.0.1 -p "$broker_port" -q 1 -t "${topics[$name]}" -F "$format" >"$dir/sub-$name.txt" &
    subs+=($!)
    pids+=($!)
  done
  sleep 1  # the subscriptions in place before the window opens
  snapshot start
  sleep "$window"  # the measurement window itself
  snapshot end
  for name in "${!agent_pid[@]}"; do
    pid=${agent_pid[$name]}
    cat "/proc/$pid/smaps_rollup" >"$dir/smaps-$name.txt"
    [[ $name == collectd ]] || cat "/proc/$pid/smaps" >"$dir/smaps-full-$name.txt"
    find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l >"$dir/fds-$name.txt"
  done
  meter_clients >"$dir/clients.txt"
  # PERF_S=N: after the window, N s of perf (call graphs) on each sitepower
  # agent, for where a target is missed; the top entries are printed at the end.
  if [[ -n ${PERF_S:-} ]]; then
    for name in "${!agent_pid[@]}"; do
      [[ $name == collectd ]] && continue
      perf record -q -F 499 -g -p "${agent_pid[$name]}" -o "$dir/perf-$name.data" -- sleep "$PERF_S" 2>/dev/null
      perf report -i "$dir/perf-$name.data" --no-children --sort dso,symbol --percent-limit 1.5 --stdio -g none 2>/dev/null |
        grep -v '^#' | sed 's/ *- *- *$//; s/ *$//' | grep -v '^$' >"$dir/perf-$name.txt" || true
    done
  fi
  kill "${subs[@]}"
  for name in "${!agent_pid[@]}"; do
    kill "${agent_pid[$name]}"
    wait "${agent_pid[$name]}" 2>/dev/null || true
  done
  read -r -d '' lines_at_start lines_at_end <"$dir/meter-lines.txt" || true
  awk -v a="$lines_at_start" -v b="$lines_at_end" 'NR > a && NR <= b && /^request /' "$run/meters.log" >"$dir/requests.txt"
  getconf CLK_TCK >>"$dir/window.txt"
}

case $site in
  small)
    measure side-by-side sitepower compact collectd
    echo "small site: $meters Modbus TCP meters x 10 float32 input registers at 1 s, sitepower (full and compact telemetry) and collectd, all publishing to one Mosquitto (QoS 1)"
    ;;
  large)
    measure side-by-side shared collectd
    measure whole-site sitepower
    measure whole-site-compact compact
    echo "large site: $meters Modbus TCP meters ($meter_port_count ports x units 1-$units) x 10 float32 at 1 s," \
      "$pdus PDUs x $outlets outlets (SNMP v2c) at 1 s, $((rows * per_row)) miners and $gpus GPU servers (Redfish, HTTPS) at 5 s;" \
      "every agent publishes to one Mosquitto (QoS 1)"
    ;;
esac
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load average at the end $(cut -d' ' -f1-3 /proc/loadavg); warm-up ${warmup} s"
echo "collectd-core $(dpkg-query -W -f '${Version}' collectd-core), $("$agent" --version) (Release, $build)"
for dir in "$run"/side-by-side "$run"/whole-site "$run"/whole-site-compact; do
  [[ -d $dir ]] || continue
  case $dir in
    */side-by-side) echo; echo "side by side: sitepower and collectd on the same meters and PDUs, at the same time" ;;
    */whole-site) echo; echo "whole site: sitepower alone on every device (meters, PDUs, miners, GPU servers), right after" ;;
    */whole-site-compact) echo; echo "whole site, compact telemetry: the same agent with agent.telemetry_form: compact, right after" ;;
  esac
  python3 "$here/report.py" "$dir"
  for f in "$dir"/perf-*.txt; do
    [[ -f $f ]] && { echo "perf of $(basename "$f" .txt), ${PERF_S} s after the window (self time by dso and symbol):"; cut -c1-160 "$f" | head -n 15; }
  done
done
