# A guest process whose parent exits without waiting for it: vmctrace record waits for it, so
# its stream is whole (its last act, a 20 KiB mmap, is in the trace) and no guest process is
# left when the tool returns; SIGTERM to the tool alone stops the orphan too (exit 130).
# Usage: record_orphan.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
prog=$arm/orphan
left() { pgrep -f -- "$prog" | wc -l | tr -d ' '; }

"$tool" record -o o.vmt -- "$prog" 200 >out.txt 2>err.txt || fail "record: $(cat err.txt)"
expect_eq "guest processes left when record returned" "$(left)" 0
expect_in o.vmt "fork 1 2"
grep -q '^mmap 2 0x[0-9a-f]* 0x5000 rw-' o.vmt || fail "the orphan's last mmap (20 KiB) is not in the trace"
"$tool" check o.vmt >/dev/null 2>check.txt || fail "trace invalid: $(cat check.txt)"

# A child that runs until stopped: SIGTERM to the tool alone once both processes run.
"$tool" record -o long.vmt -- "$prog" 100000000 >/dev/null 2>err2.txt &
pid=$!
i=0
while [ "$(left)" -lt 2 ] && [ $i -lt 1200 ]; do i=$((i + 1)); sleep 0.05; done
[ $i -lt 1200 ] || fail "the orphan never started"
sleep 0.3
kill -TERM $pid
(sleep 60; kill -KILL $pid) >/dev/null 2>&1 &
watchdog=$!
wait $pid
rc=$?
kill $watchdog 2>/dev/null
expect_eq "exit status after SIGTERM" "$rc" 130
sleep 0.5
expect_eq "guest processes left after SIGTERM" "$(left)" 0
pkill -KILL -f -- "$prog" 2>/dev/null
[ ! -e long.vmt ] || fail "long.vmt written after SIGTERM"
finish
