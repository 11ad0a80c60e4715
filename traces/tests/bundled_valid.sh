# Every bundled trace reads, is valid, and stays small (under 1 MiB).
tool=$1 dir=$2
. "$(dirname "$0")/lib.sh"
n=0
for f in "$dir"/*.vmt*; do
  n=$((n + 1))
  "$tool" check "$f" >/dev/null 2>err || fail "$(basename "$f"): $(head -2 err)"
  [ "$(wc -c <"$f")" -lt 1048576 ] || fail "$(basename "$f") is 1 MiB or more"
done
[ $n -ge 5 ] || fail "only $n bundled traces"
# Multi-core traces (version 2), in their own folder: valid on 4 cores, not on one.
m=0
for f in "$dir"/multicore/*.vmt*; do
  m=$((m + 1))
  "$tool" check --cores 4 "$f" >/dev/null 2>err || fail "multicore/$(basename "$f"): $(head -2 err)"
  "$tool" check "$f" >/dev/null 2>&1 && fail "multicore/$(basename "$f") is valid on one core"
  [ "$(wc -c <"$f")" -lt 409600 ] || fail "multicore/$(basename "$f") is 400 KiB or more"
done
[ $m -ge 2 ] || fail "only $m multi-core bundled traces"
finish
