#!/bin/sh
# Regenerates the bundled traces in traces/bundled/: the synthetic ones (reproducible from
# their seeds), the ARM programs of traces/qemu/programs/ recorded under qemu-arm, and the ones
# imported from Valgrind lackey runs of ordinary programs on this machine (the last two differ
# from machine to machine: other binaries, other libraries).
# usage: traces/regenerate-bundled.sh [BUILD_DIR]      (BUILD_DIR defaults to build)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
tool=$build/traces/vmctrace
out=traces/bundled
[ -x "$tool" ] || { echo "regenerate-bundled: build the tool first ($tool is missing)" >&2; exit 1; }
mkdir -p "$out"

# Synthetic: one of each kind of locality, small enough to keep the repository light.
"$tool" gen seq       --seed 1 --records 5000   --footprint 64K --fetch-pct 25 -o "$out/seq-small.vmt"
"$tool" gen stride    --seed 2 --records 200000 --footprint 8M --stride 4160 -o "$out/stride.vmtb.gz"
"$tool" gen zipf      --seed 3 --records 150000 --footprint 16M --zipf-s 0.9 -o "$out/zipf.vmtb.gz"
"$tool" gen phases    --seed 4 --records 150000 --footprint 64M --phases 8 --ws 512K -o "$out/phases.vmtb.gz"
"$tool" gen multiproc --seed 5 --records 150000 --procs 4 --quantum 5000 -o "$out/multiproc.vmtb.gz"
"$tool" gen churn     --seed 6 --records 100000 --live 24 -o "$out/churn.vmt.gz"

# Multi-core (trace version 2) in a folder of their own, so that `bundled:*` and the other
# single-core suites' patterns do not pick them up: vmcosim replays them only with --cores.
mc=$out/multicore
mkdir -p "$mc"
"$tool" gen threads   --seed 7 --records 60000 --cores 4 --footprint 1M -o "$mc/threads.vmtb.gz"
"$tool" gen shootdown --seed 8 --records 50000 --cores 4 --procs 6 -o "$mc/shootdown.vmtb.gz"

# ARM programs written here (traces/qemu/programs/), traced under qemu-arm with their own
# system calls as OS events. They depend on this machine's ARM C library.
arm=$build/traces/qemu/arm
if [ -x "$arm/sort" ]; then
  for w in sort compress hashtable ptrchase matrix mmapchurn; do
    "$tool" record -o "$out/arm-$w.vmtb.gz" -- "$arm/$w" >/dev/null
  done
  "$tool" record -o "$out/arm-forkexec.vmtb.gz" -- "$arm/forkexec" "$arm/hashtable" "$arm/matrix" >/dev/null
  # Four threads of one process, task k on core k (docs/qemu-tracer.md, "Threads and cores").
  "$tool" record --cores 4 -o "$mc/arm-threads.vmtb.gz" -- "$arm/threads" >/dev/null
else
  echo "regenerate-bundled: $arm has no ARM programs (configured with -DVMCOSIM_WITH_ARM=OFF?); ARM traces kept" >&2
fi

# Imported: lackey's log goes straight into the importer through a pipe (no large log file);
# --limit keeps each trace short, and the importer stopping early ends the valgrind run.
command -v valgrind >/dev/null 2>&1 || { echo "regenerate-bundled: valgrind is missing; imported traces kept" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Inputs for sort and gzip: a few thousand pseudo-random lines, the same on every machine.
awk 'BEGIN { x = 7; for (i = 0; i < 3000; i++) { x = (x * 1103515245 + 12345) % 2147483648; print x, i } }' \
  >"$work/lines.txt"

lackey() { # NAME SKIP LIMIT PROGRAM ARGS...: import a lackey run of PROGRAM
  name=$1 skip=$2 limit=$3; shift 3
  # Lackey writes its log on fd 9 (the pipe); the program's own output is dropped.
  { valgrind --tool=lackey --trace-mem=yes --log-fd=9 "$@" 9>&1 >/dev/null 2>&1 || true; } |
    "$tool" import-lackey - "$out/$name.vmtb.gz" --skip "$skip" --limit "$limit"
}
# The first 200000 accesses (mostly the dynamic loader) are skipped.
lackey ls   200000 1000000 ls -l --time-style=+ /usr
lackey sort 200000 1000000 sort "$work/lines.txt"
lackey gzip 200000 1000000 gzip -c "$work/lines.txt"
ls -l "$out"
