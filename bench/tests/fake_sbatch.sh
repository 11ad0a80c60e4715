#!/bin/sh
# A stand-in for Slurm's sbatch in the tests: runs a job-array script's tasks here, one after
# the other, as Slurm would run them on nodes (SLURM_ARRAY_TASK_ID 1..N from its
# "#SBATCH --array=1-N%K" line). Usage: fake_sbatch.sh SCRIPT
set -eu
script=$1
range=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)%[0-9]*$/\1/p' "$script")
[ -n "$range" ] || { echo "fake_sbatch: no '#SBATCH --array=1-N%K' line in $script" >&2; exit 1; }
i=1
while [ "$i" -le "$range" ]; do
  SLURM_ARRAY_JOB_ID=1 SLURM_ARRAY_TASK_ID=$i sh "$script" || { echo "fake_sbatch: task $i failed" >&2; exit 1; }
  i=$((i + 1))
done
echo "Submitted batch job 1"
