# summary and check stay linear in the number of processes: 200 000 processes created, switched
# to and exited (then pids reused), read in a few seconds (it took minutes when each lookup
# scanned every process seen so far). The counts are worked out from the generator below.
# Usage: tool_many_procs.sh TOOL [N]  (the sanitizer build, about 100x slower per process,
# passes a smaller N: the speed is checked by the plain build)
tool=$1 n=${2:-200000}
. "$(dirname "$0")/lib.sh"
awk -v n=$n 'BEGIN {
  print "vmctrace text 1"
  for (i = 1; i <= n; i++) {
    printf "create %d\nswitch %d\nmmap %d 0x10000000 0x1000 rw- anon private\nW u 0x10000000 4\n", i, i, i
    # pids 1..1000 live to the end; the rest exit at once
    if (i > 1000) printf "exit %d\n", i
  }
  # a pid that exited is free again: create it anew
  printf "create 1001\nswitch 1001\nmmap 1001 0x20000000 0x1000 r-- anon private\nR u 0x20000000 4\n"
  # 999 may not be created twice (it is alive)
}' >many.vmt
start=$(date +%s)
"$tool" check many.vmt >check.out 2>&1 || { fail "check refused a valid trace"; cat check.out >&2; }
"$tool" summary many.vmt >sum.out 2>&1 || fail "summary failed"
took=$(( $(date +%s) - start ))
[ "$took" -le 20 ] || fail "check + summary of $n processes took $took s"
expect_in sum.out "processes   $((n + 1))"
expect_in sum.out "accesses  $((n + 1)): read 1, write $n"
# A second create of a live pid, and a switch to an exited one, are still violations.
printf 'vmctrace text 1\ncreate 5\ncreate 6\nexit 5\ncreate 6\n' >dup.vmt
"$tool" check dup.vmt >dup.out 2>&1 && fail "create of a live pid accepted"
expect_in dup.out "process 6 already exists"
printf 'vmctrace text 1\ncreate 5\ncreate 6\nexit 5\nswitch 5\n' >gone.vmt
"$tool" check gone.vmt >gone.out 2>&1 && fail "switch to an exited pid accepted"
expect_in gone.out "switch: process 5 does not exist"
finish
