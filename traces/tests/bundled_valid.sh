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
finish
