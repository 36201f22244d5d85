#!/usr/bin/env bash
# Instructions per publish cycle of the hot path (bench/cycle_cost_bench.cpp)
# under callgrind: counted only inside run_cycles(), over CYCLES cycles, so
# start-up and the warm-up are left out. Stable from run to run on a noisy
# machine, unlike time. Installs valgrind when missing (as root).
#   bench/cycle_callgrind.sh BUILD_DIR [CYCLES] [full|compact]   (BUILD_DIR: Release, SITEPOWER_BENCH on)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
cycles=${2:-100}
form=${3:-full}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cmake --build "$build" --target cycle_cost_bench | tail -1
out=$(mktemp /tmp/sitepower-callgrind.XXXXXX)
valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
  --toggle-collect='sitepower::bench::run_cycles*' "$build/bench/cycle_cost_bench" "$cycles" "$form" 2>/dev/null
total=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
rm -f "$out"
echo "callgrind: $total instructions in $cycles cycles (a poll of 21 meters into the store + one cycle each, $form telemetry)"
awk -v t="$total" -v n="$cycles" 'BEGIN {printf "%.0f instructions a cycle, %.0f a reading (210 readings)\n", t / n, t / n / 210}'
