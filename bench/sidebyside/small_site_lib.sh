# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034 # run, pids (the caller's) and extra_ports (for it) are shared
# Sourced by bench/startup.sh, bench/latency.sh and bench/soak.sh: the small
# bench site (write_site.py: 20 Modbus TCP meters x 10 float32 at 1 s, one
# modbus-peer each) and a private Mosquitto, on free loopback ports, with
# their files in $run. Every process started is appended to the caller's
# `pids`; the caller owns `run`, `pids` and its cleanup.
meters=20

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 200); do port_in_use "$1" && return 0; sleep 0.05; done; echo "nothing listens on $1"; exit 1; }

# Starts (or restarts) the broker on $broker_port; sets `broker` to its pid.
start_broker() {
  /usr/sbin/mosquitto -c "$run/mosquitto.conf" >>"$run/mosquitto.log" 2>&1 &
  broker=$!
  pids+=("$broker")
  wait_port "$broker_port"
}

# start_small_site BUILD_DIR [EXTRA_PORTS]: picks free ports (the broker's,
# the meters', and EXTRA_PORTS more for the caller's own peers, in
# `extra_ports`), writes the site, starts the broker and the meters.
start_small_site() {
  local build=$1 extra=${2:-0} base i
  base=$((20000 + RANDOM % 40000))
  while port_in_use "$base"; do base=$((base + meters + extra + 1)); done
  broker_port=$base
  mapfile -t meter_ports < <(seq $((base + 1)) $((base + meters)))
  mapfile -t extra_ports < <(seq $((base + meters + 1)) $((base + meters + extra)))
  python3 bench/sidebyside/write_site.py "$run" "$broker_port" "${meter_ports[@]}"
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" >"$run/mosquitto.conf"
  start_broker
  for i in "${!meter_ports[@]}"; do
    "$build/tests/drivers/modbus/peer/modbus-peer" --mode tcp --port "${meter_ports[$i]}" --unit "1:$run/meter.txt" \
      >"$run/meter-$i.log" 2>&1 &
    pids+=($!)
  done
  for i in "${meter_ports[@]}"; do wait_port "$i"; done
}
