# The interleaving of processes is the documented round robin: a parent and a child that both
# compute (tests/pingpong.c) take turns of exactly --quantum accesses; a turn ends earlier
# only when the process blocks (the parent's waitpid) or exits.
# Usage: record_quantum.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
"$tool" record --quantum 3000 -o pp.vmt -- "$arm/pingpong" >out.txt 2>err.txt || { cat err.txt >&2; exit 1; }
expect_in out.txt "pingpong: "
# Turns: each switch starts one; count the accesses of each and note how it ended.
awk '
  /^switch / { if (cur) print cur, n, last; cur = $2; n = 0; last = "switch"; next }
  /^[RWX] / { n++; last = "access"; next }
  /^exit / { last = "exit " $2; next }
  { last = $1 }
  END { print cur, n, last }' pp.vmt >turns.txt
turns=$(wc -l <turns.txt)
[ "$turns" -ge 6 ] || fail "only $turns turns: the processes were not interleaved"
# Every turn but the last of each process is exactly 3000 accesses long, unless the process
# blocked in waitpid (the parent's last turns) or exited.
awk '$2 != 3000 && $3 == "access" && $1 == 2 { print "a turn of " $2 " accesses: " $0; bad = 1 } END { exit bad }' \
  turns.txt || fail "the child's turns are not all 3000 accesses"
full=$(awk '$2 == 3000' turns.txt | wc -l)
[ "$full" -ge 4 ] || fail "only $full full turns"
# The two processes alternate while both run.
awk 'NR > 1 && $1 == prev && prev != "" { print "process " $1 " twice in a row"; bad = 1 } { prev = $1 } END { exit bad }' \
  turns.txt || fail "turns do not alternate"
finish
