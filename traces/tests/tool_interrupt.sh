# Ctrl-C (SIGINT) stops gen and convert cleanly: exit 130, no output file, no temporary file.
tool=$1
. "$(dirname "$0")/lib.sh"

# interrupt OUT COMMAND...: start COMMAND, wait for its temporary file, send SIGINT.
interrupt() {
  out=$1; shift
  "$@" &
  pid=$!
  i=0
  while [ -z "$(ls -A | grep "^\.$out\.tmp-")" ]; do
    i=$((i + 1))
    if [ $i -gt 400 ]; then fail "$out: no temporary file appeared"; kill $pid; return; fi
    sleep 0.05
  done
  sleep 0.3
  kill -INT $pid
  # A watchdog so that a tool ignoring SIGINT fails the test instead of hanging it.
  (sleep 30 & s=$!; trap 'kill $s; exit 0' TERM; wait $s; kill -KILL $pid) >/dev/null 2>&1 &
  watchdog=$!
  wait $pid
  rc=$?
  kill $watchdog 2>/dev/null
  [ $rc -eq 130 ] || fail "$out: exit status $rc after SIGINT, want 130"
  [ ! -e "$out" ] || fail "$out exists after the interrupt"
  [ -z "$(ls -A | grep '\.tmp-')" ] || fail "temporary file left: $(ls -A | grep '\.tmp-')"
}
interrupt big.vmt.gz "$tool" gen random --records 1000000000 -o big.vmt.gz
"$tool" gen random --records 3000000 -o in.vmtb || fail "gen in.vmtb"
interrupt out.vmt.gz "$tool" convert in.vmtb out.vmt.gz --level 9
finish
