#!/usr/bin/env bash
# Sweep throughput: variants per second for 20,000 ESP modules and 2,000 whole ESPNets, each with
# counts, the receptive field at the output and gridding coverage, on THREADS worker threads
# (default 2). The figure is the sweep's own (--timing): variants over its evaluation phase, from
# the first variant started to the last one written, JIT warm-up included, JVM start and spec
# loading excluded. The wall time of the whole command is printed beside it.
#   examples/benchmarks/sweep.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads="${THREADS:-2}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/analyzer" --version >/dev/null   # builds the jar outside the measurement
for sweep in esp-module espnet; do
  out="$(mktemp -d)/out"
  cmd=("$here/analyzer" sweep "$here/examples/benchmarks/sweep/$sweep.sweep.yaml" --threads "$threads" --out "$out" --timing)
  echo "$ analyzer sweep examples/benchmarks/sweep/$sweep.sweep.yaml --threads $threads --out DIR --timing"
  start=$(date +%s.%N)
  timing=$("${cmd[@]}" | tail -1)
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v name="$sweep" -v t="$timing" \
    'BEGIN { printf "%-11s %s (whole command %.2f s)\n", name, t, e - s }'
  rm -rf "$(dirname "$out")"
done
