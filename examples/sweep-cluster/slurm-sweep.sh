#!/usr/bin/env bash
# Runs a sweep as a Slurm job array of 8 shards, then merges them:
#   jid=$(sbatch --parsable examples/sweep-cluster/slurm-sweep.sh examples/esp-sweep/esp.sweep.yaml results/esp)
#   sbatch --dependency=afterok:$jid --wrap "./analyzer sweep merge --out results/esp results/esp/shard-*"
# Each task evaluates the variants whose index mod 8 is its task id; a task that is requeued resumes
# from its own shard directory. The merge writes what a single run would have, byte for byte.
#SBATCH --job-name=netspec-sweep
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
set -euo pipefail
sweep="$1"
out="$2"
shards="${SLURM_ARRAY_TASK_COUNT:-8}"
./analyzer sweep "$sweep" --shard "${SLURM_ARRAY_TASK_ID}/${shards}" --threads "${SLURM_CPUS_PER_TASK:-2}" \
  --out "$out/shard-${SLURM_ARRAY_TASK_ID}"
