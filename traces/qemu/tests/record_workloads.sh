# Every bundled ARM workload records into a valid trace; recording a program twice in the same
# environment gives the same bytes (standard output must go to the same kind of file: libc
# takes other paths for a terminal or /dev/null than for a plain file).
# Usage: record_workloads.sh VMCTRACE ARM_DIR NAME...
set -u
tool=$1 arm=$2
shift 2
. "$(dirname "$0")/lib.sh"
for w in "$@"; do
  [ "$w" = forkexec ] && continue # record_fork_exec.sh
  "$tool" record -o "$w.vmtb.gz" -- "$arm/$w" >"$w.out" 2>"$w.err" || { fail "$w: record failed"; cat "$w.err" >&2; continue; }
  "$tool" summary "$w.vmtb.gz" >"$w.sum"
  expect_in "$w.sum" "valid       yes"
done
"$tool" record -o again.vmtb.gz -- "$arm/$1" >"$1.out" 2>"$1.err" || fail "$1: second recording failed"
cmp -s "$1.vmtb.gz" again.vmtb.gz || fail "$1: two recordings differ"
finish
