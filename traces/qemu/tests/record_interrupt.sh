# SIGINT or SIGTERM to vmctrace record, while qemu runs or while the trace is written: exit
# status 130, no trace, no temporary file or folder left.
# Usage: record_interrupt.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
mkdir tmp
export TMPDIR=$PWD/tmp

# wait_for WHAT COMMAND...: polls COMMAND (true when the phase has begun) for up to 60 s.
wait_for() {
  what=$1; shift
  i=0
  while ! "$@"; do
    i=$((i + 1))
    if [ $i -gt 1200 ]; then fail "$what never began"; return 1; fi
    sleep 0.05
  done
}
raw_streams() { [ -n "$(ls -A tmp)" ]; }
# The trace's own temporary (beside out.vmtb.gz) appears when the tool starts writing it.
writing() { [ -n "$(ls -A . | grep -v -e '^tmp$' -e '^err.txt$')" ]; }

# stop SIGNAL PHASE: record a long sort, send SIGNAL to the tool alone 0.1 s after PHASE
# (raw_streams: qemu runs; writing: the trace is being written) has begun. Phases are observed,
# not timed, so the test holds on a fast idle machine and a loaded one alike.
stop() {
  "$tool" record -o out.vmtb.gz -- "$arm/sort" 65536 >/dev/null 2>err.txt &
  pid=$!
  if ! wait_for "$2" "$2"; then kill -KILL $pid; wait $pid; rm -rf tmp/* out.vmtb.gz .out*; return; fi
  sleep 0.1
  kill -"$1" $pid
  (sleep 60 & s=$!; trap 'kill $s; exit 0' TERM; wait $s; kill -KILL $pid) >/dev/null 2>&1 &
  watchdog=$!
  wait $pid
  rc=$?
  kill $watchdog 2>/dev/null
  expect_eq "exit status after SIG$1 once $2 began" "$rc" 130
  [ ! -e out.vmtb.gz ] || fail "out.vmtb.gz exists after SIG$1"
  [ -z "$(ls -A . | grep -v -e '^tmp$' -e '^err.txt$')" ] || fail "files left after SIG$1: $(ls -A .)"
  # qemu may still be exiting: give it a moment before looking for its folder.
  sleep 0.5
  [ -z "$(ls -A tmp)" ] || { fail "temporary files left after SIG$1: $(ls -A tmp)"; rm -rf tmp/*; }
}
stop INT raw_streams
stop TERM raw_streams
stop INT writing
finish
