#!/bin/sh
# The full functional-speed benchmark: a 10-million-access trace of a real program (gzip under
# Valgrind lackey, imported as a raw binary trace; made once and kept in the build folder), then
# bench_functional on it: vmcosim --mode functional against the reference loop, interleaved.
# usage: bench/functional/run.sh BUILD_DIR [ROUNDS]
set -eu
build=$1
rounds=${2:-5}
dir=$build/bench/functional
trace=$dir/gzip-10m.vmtb
if [ ! -f "$trace" ]; then
  command -v valgrind >/dev/null 2>&1 || { echo "bench/functional: needs valgrind to make $trace" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  # The input: 200000 pseudo-random lines, the same on every machine (as in
  # traces/regenerate-bundled.sh); the first 200000 accesses (mostly the loader) are skipped.
  awk 'BEGIN { x = 7; for (i = 0; i < 200000; i++) { x = (x * 1103515245 + 12345) % 2147483648; print x, i } }' \
    >"$work/lines.txt"
  { valgrind --tool=lackey --trace-mem=yes --log-fd=9 gzip -c "$work/lines.txt" 9>&1 >/dev/null 2>&1 || true; } |
    "$build/traces/vmctrace" import-lackey - "$trace" --skip 200000 --limit 10000000
fi
exec "$dir/bench_functional" --vmcosim "$build/sim/vmcosim" --trace "$trace" --repeat "$rounds" --dir "$dir"
