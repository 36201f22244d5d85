# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034 # run, pids (the caller's) and the ports and pids set here (for it) are shared
# Sourced by bench/sidebyside/side_by_side.sh, bench/startup.sh,
# bench/latency.sh and bench/soak.sh: a bench site of issue 15 on free
# loopback ports, with a private Mosquitto, its files in $run (the configs
# from write_site.py). Every process started is appended to the caller's
# `pids`; the caller owns `run`, `pids` and its cleanup.
#   small: 20 Modbus TCP meters x 10 float32 at 1 s (20 ports, unit 1 each)
#   large: 200 meters (50 ports x units 1-4, a gateway's meters each) at 1 s,
#          100 APC PDUs x 50 outlets = 5,000 outlets at 1 s (snmp_pdu_responder),
#          2,000 miners at 5 s (10 rows of 200 on miner-sim, all live),
#          500 GPU servers at 5 s (10 BMCs of redfish_sim.py in 2 processes, HTTPS)
# All Modbus meters are one modbus-peer process listening on every meter port.
# shellcheck source=bench/sidebyside/devices_lib.sh
source bench/sidebyside/devices_lib.sh

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 200); do port_in_use "$1" && return 0; sleep 0.05; done; echo "nothing listens on $1"; exit 1; }
wait_line() { for _ in $(seq 200); do grep -q "$2" "$1" && return 0; sleep 0.05; done; echo "no '$2' in $1:"; tail "$1"; exit 1; }

# Starts (or restarts) the broker on $broker_port; sets `broker` to its pid.
start_broker() {
  /usr/sbin/mosquitto -c "$run/mosquitto.conf" >>"$run/mosquitto.log" 2>&1 &
  broker=$!
  pids+=("$broker")
  wait_port "$broker_port"
}

# site_size SITE: the site's numbers, as globals.
site_size() {
  case $1 in
    small) meter_port_count=20 units=1 pdus=0 outlets=0 rows=0 per_row=0 gpus=0 bmcs=0 sims=0 ;;
    large) meter_port_count=50 units=4 pdus=100 outlets=50 rows=10 per_row=200 gpus=500 bmcs=10 sims=2 ;;
    *) echo "site: small or large"; exit 2 ;;
  esac
  meters=$((meter_port_count * units))
}

# start_site SITE BUILD_DIR [EXTRA_PORTS]: picks free ports (the broker's, the
# meters', and EXTRA_PORTS more for the caller's own peers, in `extra_ports`),
# starts the broker, writes the site (sitepower.yaml, collectd.conf; on the
# large site also shared.yaml: see write_site.py) and starts the devices. The
# meters' requests are logged in $run/meters.log.
start_site() {
  local site=$1 build=$2 extra=${3:-0} base unit_args=() u site_args=()
  site_size "$site"
  base=$((20000 + RANDOM % 30000))
  while port_in_use "$base"; do base=$((base + meter_port_count + extra + 1)); done
  broker_port=$base
  mapfile -t meter_ports < <(seq $((base + 1)) $((base + meter_port_count)))
  mapfile -t extra_ports < <(seq $((base + meter_port_count + 1)) $((base + meter_port_count + extra)))
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$broker_port" >"$run/mosquitto.conf"
  start_broker
  site_args=(--broker "$broker_port" --meter-ports "${meter_ports[0]}-${meter_ports[-1]}" --units "$units")
  if ((gpus > 0)); then  # first: the simulated BMCs pick their ports
    make_bmc_ca "$run"
    start_redfish_sims "$run" "$sims" "$bmcs"
    pids+=("${sim_pids[@]}")
    site_args+=(--bmc-ports "$(IFS=,; echo "${bmc_ports[*]}")" --gpus "$gpus" --shared)
  fi
  if ((pdus > 0)); then
    snmp_port=$((51000 + RANDOM % 10000))  # UDP: the responder says so if one is taken
    site_args+=(--snmp-port "$snmp_port" --pdus "$pdus")
  fi
  if ((rows > 0)); then
    miner_port=$((base + meter_port_count + extra + 1))
    while port_in_use "$miner_port"; do miner_port=$((miner_port + 1)); done
    site_args+=(--miner-port "$miner_port" --rows "$rows" --per-row "$per_row")
  fi
  python3 bench/sidebyside/write_site.py "$run" "${site_args[@]}"
  for u in $(seq "$units"); do unit_args+=(--unit "$u:$run/meter.txt"); done
  "$build/tests/drivers/modbus/peer/modbus-peer" --mode tcp --port "${meter_ports[0]}-${meter_ports[-1]}" "${unit_args[@]}" \
    >"$run/meters.log" 2>&1 &
  pids+=($!)
  wait_line "$run/meters.log" "modbus-peer ready"
  if ((pdus > 0)); then
    "$build/bench/snmp_pdu_responder" --port "$snmp_port" --pdus "$pdus" --outlets "$outlets" >"$run/responder.log" 2>&1 &
    responder=$!
    pids+=("$responder")
    wait_line "$run/responder.log" ready
  fi
  if ((rows > 0)); then
    miner_specs "$rows" "$per_row" none
    start_miner_sim "$build/tests/drivers/miner/peer/miner-sim" "$run" "$miner_port"
    pids+=("$miner_sim")
  fi
}
