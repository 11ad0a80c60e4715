# Threads: `vmctrace record --cores N` puts task k (threads and processes, in order of
# creation, the program's first thread being task 0) on core k mod N. The threads workload
# (four threads of one process) recorded twice gives the same bytes; its trace is valid on N
# cores and not on fewer; the accesses, in order, do not depend on N (only the core prefixes
# and the switches do); and each core holds the accesses of exactly its tasks.
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
rec() { # CORES OUT: record the threads workload
  "$tool" record --cores "$1" -o "$2" -- "$arm/threads" >"$2.out" 2>"$2.err" ||
    { fail "record --cores $1 failed"; cat "$2.err" >&2; }
}
rec 4 a.vmtb.gz
rec 4 b.vmtb.gz
cmp -s a.vmtb.gz b.vmtb.gz || fail "two recordings with --cores 4 differ"
expect_in a.vmtb.gz.err "1 processes and 3 more threads"
"$tool" check --cores 4 a.vmtb.gz >out 2>err || fail "not valid on 4 cores: $(head -3 err)"
"$tool" check --cores 3 a.vmtb.gz >out 2>err && fail "valid on 3 cores"
"$tool" summary --cores 4 a.vmtb.gz >s4.txt
expect_in s4.txt "cores       4 used (version-2 trace)"
expect_in s4.txt "processes   1"
rec 2 c.vmtb.gz
rec 1 d.vmt
[ "$(head -1 d.vmt)" = "vmctrace text 1" ] || fail "--cores 1 did not write a version-1 trace"
"$tool" check d.vmt >out 2>err || fail "--cores 1: not valid: $(head -3 err)"
# The same accesses and OS events in the same order, whatever the cores.
"$tool" print a.vmtb.gz | sed -n '2,$p' | sed 's/^@[0-9] //' | grep -v '^switch ' >a.seq
"$tool" print c.vmtb.gz | sed -n '2,$p' | sed 's/^@[0-9] //' | grep -v '^switch ' >c.seq
grep -v '^#' d.vmt | sed -n '2,$p' | grep -v '^switch ' >d.seq
cmp -s a.seq d.seq || fail "--cores 4 and --cores 1 order the records differently"
cmp -s a.seq c.seq || fail "--cores 4 and --cores 2 order the records differently"
# Accesses per core: with 4 cores task k is alone on core k; with 2 cores, core 0 holds tasks
# 0 and 2 and core 1 tasks 1 and 3.
count() { awk -v c="$2" '{ k = 0; if (substr($1, 1, 1) == "@") { k = substr($1, 2); $1 = "" } }
  k == c && ($1 ~ /^[RWX]$/ || $2 ~ /^[RWX]$/) { n++ } END { print n + 0 }' "$1"; }
"$tool" print a.vmtb.gz >a.txt
"$tool" print c.vmtb.gz >c.txt
t0=$(count a.txt 0) t1=$(count a.txt 1) t2=$(count a.txt 2) t3=$(count a.txt 3)
[ "$t1" -gt 10000 ] && [ "$t2" -gt 10000 ] && [ "$t3" -gt 10000 ] || fail "threads ran too little: $t1 $t2 $t3"
[ "$(count c.txt 0)" -eq $((t0 + t2)) ] || fail "--cores 2: core 0 has $(count c.txt 0) accesses, want $t0 + $t2"
[ "$(count c.txt 1)" -eq $((t1 + t3)) ] || fail "--cores 2: core 1 has $(count c.txt 1) accesses, want $t1 + $t3"
# Each core switches to the process once; all four cores run it (threads share its space).
for k in 1 2 3; do
  [ "$(grep -c "^@$k switch 1$" a.txt)" -eq 1 ] || fail "core $k: want one switch to process 1"
done
# A thread recorded on one core: a valid version-1 trace, the thread counted.
"$tool" record -o t.vmt -- "$arm/thread" >t.out 2>t.err || fail "record of the one-thread program failed"
expect_in t.err "1 processes and 1 more threads"
"$tool" check t.vmt >out 2>err || fail "one-thread program: not valid: $(head -3 err)"
finish
