#!/usr/bin/env bash
# Forward times of the seed networks and the speed of a 3x3 64->64 convolution, at 1 and 2
# threads: medians of --repeat runs after --warmup runs, one JVM per measurement. The machine's
# load is printed first: numbers taken while other work runs are slower than the kernels can go.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
warmup="${WARMUP:-2}"
repeat="${REPEAT:-5}"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; warm-up $warmup, median of $repeat"
printf '%-34s %-14s %12s %12s\n' "spec" "input" "1 thread" "2 threads"
while read -r spec input; do
  row=()
  for threads in 1 2; do
    line="$(./analyzer run "$spec" --input "$input" --threads "$threads" --warmup "$warmup" --repeat "$repeat" \
      2>/dev/null | grep '^time')"
    ms="$(awk '{print $2}' <<<"$line")"
    gflops="$(awk '{for (i = 1; i <= NF; i++) if ($i == "GFLOP/s") print $(i - 1)}' <<<"$line")"
    row+=("$ms ms ($gflops GFLOP/s)")
  done
  printf '%-34s %-14s %s | %s\n' "$spec" "$input" "${row[0]}" "${row[1]}"
done <<'LIST'
examples/benchmarks/conv3x3-64.yaml 1x64x256x512
specs/networks/espnet.yaml 1x3x512x1024
specs/networks/enet.yaml 1x3x512x1024
specs/networks/espnetv2-seg.yaml 1x3x512x1024
specs/networks/fast-scnn.yaml 1x3x1024x2048
LIST
