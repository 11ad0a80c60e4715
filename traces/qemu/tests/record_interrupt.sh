# SIGINT or SIGTERM to vmctrace record, while qemu runs or while the trace is written: exit
# status 130, no trace, no temporary file or folder left.
# Usage: record_interrupt.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
mkdir tmp
export TMPDIR=$PWD/tmp

# stop SIGNAL DELAY: record a long sort, send SIGNAL to the tool alone DELAY seconds after its
# raw streams appear.
stop() {
  "$tool" record -o out.vmtb.gz -- "$arm/sort" 65536 >/dev/null 2>err.txt &
  pid=$!
  i=0
  while [ -z "$(ls -A tmp)" ]; do
    i=$((i + 1))
    if [ $i -gt 400 ]; then fail "no raw stream folder appeared"; kill $pid; return; fi
    sleep 0.05
  done
  sleep "$2"
  kill -"$1" $pid
  (sleep 60 & s=$!; trap 'kill $s; exit 0' TERM; wait $s; kill -KILL $pid) >/dev/null 2>&1 &
  watchdog=$!
  wait $pid
  rc=$?
  kill $watchdog 2>/dev/null
  expect_eq "exit status after SIG$1 at ${2}s" "$rc" 130
  [ ! -e out.vmtb.gz ] || fail "out.vmtb.gz exists after SIG$1"
  [ -z "$(ls -A . | grep -v -e '^tmp$' -e '^err.txt$')" ] || fail "files left after SIG$1: $(ls -A .)"
  # qemu may still be exiting: give it a moment before looking for its folder.
  sleep 0.5
  [ -z "$(ls -A tmp)" ] || { fail "temporary files left after SIG$1: $(ls -A tmp)"; rm -rf tmp/*; }
}
stop INT 0.2
stop TERM 0.2
stop INT 2.5 # most likely while the trace is written
finish
