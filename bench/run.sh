#!/usr/bin/env bash
# Issue 15's side-by-side benchmark: sitepower and collectd on the same
# loopback site, in the same run (bench/sidebyside/side_by_side.sh). Builds the
# Release agent and the sites' simulators in BUILD (default build-rel) and
# installs collectd-core when missing (as root).
#   bench/run.sh small   # 20 Modbus TCP meters x 10 float32 registers at 1 s
#   bench/run.sh large   # 200 meters and 5,000 PDU outlets at 1 s, 2,000 miners and 500 GPU servers at 5 s
# Environment: BUILD (build-rel), WARMUP_S (15 small, 30 large), WINDOW_S (60),
# KEEP_RUN=1 keeps the run directory.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-}
build=${BUILD:-build-rel}
targets=(sitepower-agent modbus-peer)
case $site in
  small) warmup=15 ;;
  large) warmup=30 targets+=(snmp_pdu_responder miner-sim) ;;  # the first Redfish polls log in and walk the trees
  *) echo "usage: bench/run.sh small|large"; exit 2 ;;
esac
bench/sidebyside/install_collectd.sh
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
[[ -f $build/build.ninja ]] ||
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSITEPOWER_SANITIZE=OFF | tail -1
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" | tail -1
bench/sidebyside/side_by_side.sh "$site" "$build" "${WARMUP_S:-$warmup}" "${WINDOW_S:-60}"
