#!/usr/bin/env bash
# Sweep throughput: variants per second for 2,000 ESP modules and 200 whole ESPNets, each with
# counts, the receptive field at the output and gridding coverage, on THREADS worker threads
# (default 2). Wall time of the whole command, JVM start and spec loading included.
#   examples/benchmarks/sweep.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${THREADS:-2}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/analyzer" --version >/dev/null   # builds the jar outside the measurement
for sweep in esp-module espnet; do
  out="$(mktemp -d)/out"
  start=$(date +%s.%N)
  "$here/analyzer" sweep "$here/examples/benchmarks/sweep/$sweep.sweep.yaml" --threads "$threads" --out "$out" >/dev/null
  end=$(date +%s.%N)
  n=$(wc -l <"$out/variants.jsonl")
  awk -v n="$n" -v s="$start" -v e="$end" -v name="$sweep" \
    'BEGIN { printf "%-11s %5d variants in %6.2f s: %7.1f variants/s\n", name, n, e - s, n / (e - s) }'
  rm -rf "$(dirname "$out")"
done
