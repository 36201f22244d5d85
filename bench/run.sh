#!/usr/bin/env bash
# Issue 15's side-by-side benchmark: sitepower and collectd on the same
# loopback site, in the same run. Builds the Release agent and the Modbus test
# meter (build-rel/) and installs collectd-core when missing (as root).
#   bench/run.sh small   # 20 Modbus TCP meters x 10 float32 registers at 1 s
#   bench/run.sh large   # not yet
# Environment: WARMUP_S (15), WINDOW_S (60), KEEP_RUN=1 keeps the run directory.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-}
build="build-rel"
case $site in
  small) ;;
  large) echo "large: not yet (issue 15 item 1: SNMP PDUs, miners and GPU servers join the site as their drivers land)"; exit 2 ;;
  *) echo "usage: bench/run.sh small|large"; exit 2 ;;
esac
bench/sidebyside/install_collectd.sh
export CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
[[ -f $build/build.ninja ]] ||
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSITEPOWER_SANITIZE=OFF | tail -1
cmake --build "$build" -j"$(nproc)" --target sitepower-agent modbus-peer | tail -1
bench/sidebyside/small_site.sh "$build" "${WARMUP_S:-15}" "${WINDOW_S:-60}"
