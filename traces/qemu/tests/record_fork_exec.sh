# A program that forks and executes others (programs/forkexec.c runs two commands, then forks
# a child that writes its copy of the heap): one trace process per guest process, created by
# fork events, each exec'd image replacing its address space, and the parent's waitpid
# returning only after the child's exit. Recording twice gives the same bytes. An execve with
# pointers into unmapped memory fails in the program and does not stop the tracer.
# Usage: record_fork_exec.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
"$tool" record -o fe.vmt -- "$arm/forkexec" "$arm/hashtable" "$arm/matrix" >out.txt 2>err.txt ||
  { cat err.txt >&2; exit 1; }
expect_in out.txt "hashtable: "
expect_in out.txt "matrix: "
expect_in out.txt "forkexec: ran 2 commands"
"$tool" summary fe.vmt >summary.txt
expect_in summary.txt "events    create 1, exit 4, fork 3,"
expect_in summary.txt "processes   4"
expect_in summary.txt "valid       yes"
"$tool" record -o fe2.vmt -- "$arm/forkexec" "$arm/hashtable" "$arm/matrix" >out2.txt 2>err2.txt ||
  fail "second recording failed"
cmp -s fe.vmt fe2.vmt || fail "two recordings differ"
grep -v '^[RWX] ' fe.vmt >events.txt
# Order: fork 1 2, child 2 runs (exec = its regions unmapped, the new image mapped), exits,
# and only then does the parent run again; the same for 3; then 4 (no exec) and 1.
grep -E '^(fork|exit) ' events.txt | tr '\n' ';' >order.txt
expect_eq order "$(cat order.txt)" "fork 1 2;exit 2;fork 1 3;exit 3;fork 1 4;exit 4;exit 1;"
for child in 2 3; do
  awk -v p=$child '$1 == "munmap" && $2 == p { n++ } END { exit !(n > 0) }' events.txt ||
    fail "process $child: no unmapping for its exec"
done
# The children that exec'd run other code than the parent: hashtable's text is a file id of
# its own.
expect_eq "file ids" "$(awk '$1 == "mmap" && $6 == "file" { print $7 }' events.txt | sort -un | wc -l)" \
  "$(awk '$1 == "mmap" && $6 == "file" { print $7 }' events.txt | sort -un | tail -1)"
# execve of a host program: it runs untraced; what the process did before is all in the trace.
if [ -x /bin/true ]; then
  "$tool" record -o host.vmt -- "$arm/exechost" 2>host-err.txt || { fail "exechost: record failed"; cat host-err.txt >&2; }
  expect_eq "exechost fetches" "$(grep -c '^X u ' host.vmt)" 8
  expect_eq "exechost stores" "$(grep -c '^W u ' host.vmt)" 3
  expect_eq "exechost end" "$(tail -1 host.vmt)" "exit 1"
fi
# execve with unreadable pointers fails in the program (EFAULT), the tracer goes on.
"$tool" record -o bad.vmt -- "$arm/execbad" >bad-out.txt 2>bad-err.txt || { fail "execbad: record failed"; cat bad-err.txt >&2; }
expect_in bad-out.txt "execbad: EFAULT EFAULT"
finish
