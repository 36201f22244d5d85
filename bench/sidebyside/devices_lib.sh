# shellcheck shell=bash
# shellcheck disable=SC2034 # the arrays and pids set here are the caller's
# Sourced by bench/miner_scale, bench/redfish_scale and site_lib.sh: the
# miner and GPU-server simulators of the scale benchmarks, started the same
# way for a scale run and for the large side-by-side site. Each function sets
# globals the caller reads (named below); the caller owns cleanup.

# miner_specs ROWS PER_ROW DEAD: miner-sim's --miners arguments in `specs`.
# Row r is 127.0.(10+r).1-PER_ROW, two firmware families, half each, rotating
# through the four. DEAD=refuse|silent: in the first fifth of the rows (at
# least one) the last third is dead that way; DEAD=none: every miner lives.
# Sets `specs`, `dead_rows`, `live` (live miners of a dead row) and `live_total`.
miner_specs() {
  local rows=$1 per_row=$2 dead=$3 families=(braiins-os whatsminer luxos antminer) r net half
  dead_rows=$((rows / 5 > 0 ? rows / 5 : 1))
  [[ $dead == none ]] && dead_rows=0
  live=$((per_row - per_row / 3))
  specs=()
  for r in $(seq 0 $((rows - 1))); do
    net=127.0.$((10 + r))
    half=$((per_row / 2))
    specs+=(--miners "$net.1-$net.$half:${families[r % 4]}")
    if ((r < dead_rows)); then
      specs+=(--miners "$net.$((half + 1))-$net.$live:${families[(r + 1) % 4]}")
      specs+=(--miners "$net.$((live + 1))-$net.$per_row:${families[(r + 1) % 4]}:$dead")
    else
      specs+=(--miners "$net.$((half + 1))-$net.$per_row:${families[(r + 1) % 4]}")
    fi
  done
  live_total=$((rows * per_row - dead_rows * (per_row - live)))
}

# start_miner_sim SIM RUN_DIR PORT: miner-sim serving `specs` at PORT (its
# log in RUN_DIR/sim.log); sets `miner_sim` to its pid. One listening socket
# per miner: raises the fd limit.
start_miner_sim() {
  ulimit -n "$(ulimit -Hn)"
  "$1" --port "$3" "${specs[@]}" >"$2/sim.log" 2>"$2/sim.err" &
  miner_sim=$!
  for _ in $(seq 200); do grep -q ready "$2/sim.log" && return 0; sleep 0.05; done
  echo "miner-sim did not start:"
  cat "$2/sim.err"
  exit 1
}

# make_bmc_ca RUN_DIR: a CA (ca.pem) and a certificate for IP:127.0.0.1
# (bmc.pem, bmc.key; as tests/drivers/http/test_ca.cpp makes them), and the
# BMC password (bmc-password).
make_bmc_ca() {
  local run=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$run/ca.key" -out "$run/ca.pem" -days 2 -subj "/CN=redfish-scale CA" 2>"$run/openssl.log"
  openssl req "${ec[@]}" -keyout "$run/bmc.key" -out "$run/bmc.csr" -subj "/CN=bmc" 2>>"$run/openssl.log"
  echo "subjectAltName=IP:127.0.0.1" >"$run/bmc.ext"
  openssl x509 -req -in "$run/bmc.csr" -CA "$run/ca.pem" -CAkey "$run/ca.key" -CAcreateserial -out "$run/bmc.pem" \
    -days 2 -extfile "$run/bmc.ext" 2>>"$run/openssl.log"
  echo sitepower-bench-pw >"$run/bmc-password"
}

# start_redfish_sims RUN_DIR SIMS BMCS: BMCS simulated BMCs of
# tests/drivers/redfish/peer/redfish_sim.py (vendors in turn from `vendors`),
# spread over SIMS processes (logs RUN_DIR/simN.log), on ports of their
# choosing, with make_bmc_ca's certificate. Sets `sim_pids` and `bmc_ports`.
vendors=(dgx idrac supermicro ilo6)
start_redfish_sims() {
  local run=$1 sims=$2 bmcs=$3 s b serve
  ulimit -n "$(ulimit -Hn)"  # one thread and socket per connection in the sims
  sim_pids=()
  for s in $(seq 0 $((sims - 1))); do
    serve=()
    for b in $(seq "$s" "$sims" $((bmcs - 1))); do serve+=(--serve "0:${vendors[b % 4]}:bmc-$(printf %02d "$b")"); done
    /usr/bin/python3 tests/drivers/redfish/peer/redfish_sim.py "${serve[@]}" --cert "$run/bmc.pem" --key "$run/bmc.key" \
      --user sitepower-ro --password-file "$run/bmc-password" >"$run/sim$s.log" 2>"$run/sim$s.err" &
    sim_pids+=($!)
  done
  for s in $(seq 0 $((sims - 1))); do
    for _ in $(seq 200); do grep -q ready "$run/sim$s.log" && break; sleep 0.05; done
    grep -q ready "$run/sim$s.log" || { echo "redfish_sim.py did not start:"; cat "$run/sim$s.err"; exit 1; }
  done
  bmc_ports=()
  for b in $(seq 0 $((bmcs - 1))); do
    bmc_ports+=("$(awk -v n="bmc-$(printf %02d "$b")" '$1 == "serving" && $2 == n {print $4}' "$run"/sim*.log)")
  done
}
