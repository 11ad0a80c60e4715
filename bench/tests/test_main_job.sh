#!/usr/bin/env bash
# The main job's command line: --help, refusals that name the option/file/line, the fallback
# when the simulator is not built, and a whole run on the tiny suite with the fake simulator.
# Usage: test_main_job.sh BUILD_DIR WORKDIR
set -u
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
job="$here/../main-job.sh"
fake="python3 $here/fake_vmcosim.py"
rm -rf "$work" && mkdir -p "$work"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS PATTERN -- command...: exit status and a fixed string in stdout+stderr
expect() {
  local want=$1 pat=$2; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  [ "$rc" -eq "$want" ] || fail "$* : exit $rc, want $want"
  grep -qF -- "$pat" <<<"$out" || fail "$* : output lacks '$pat':"$'\n'"$out"
}

expect 0 "--suite FILE" -- "$job" "$build" --help
expect 2 "unknown option '--bogus'" -- "$job" "$build" --bogus
expect 2 "--jobs 'zero': not a positive number" -- "$job" "$build" --jobs zero
expect 2 "--trace '/no/such.vmt': no such file" -- "$job" "$build" --trace /no/such.vmt
expect 2 "build folder '/no/such/build' does not exist" -- "$job" /no/such/build
printf '[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nl2tlb = 64x3:lru 0x1:lru\n' >"$work/bad.suite"
expect 2 "$work/bad.suite:5: l2tlb = 0x1:lru: sets = 0: not a power of two" -- "$job" "$build" --suite "$work/bad.suite"
# Not built: the traces' statistics and a clear line.
expect 0 "the simulator is not built yet" -- "$job" "$build" --sim /no/such/vmcosim --suite "$here/../suites/tiny.suite"
expect 0 "records" -- "$job" "$build" --sim /no/such/vmcosim --suite "$here/../suites/tiny.suite"
# A whole run with the fake simulator: the hit-rate table, then where the report is.
out=$("$job" "$build" --sim "$fake" --suite "$here/../suites/tiny.suite" --out "$work/run" --no-speed 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "fake run: exit $rc"$'\n'"$out"
grep -q '^1x32:plru  *64x4:lru  *97.99/50.0  *97.99/50.0$' <<<"$out" || fail "fake run: no hit-rate row"$'\n'"$out"
grep -qF "full report: $work/run/report/index.html" <<<"$out" || fail "fake run: report location not printed"
grep -qF "functional mode" <<<"$out" || fail "fake run: does not say it runs in functional mode"
[ -f "$work/run/report/report.md" ] || fail "fake run: no report.md"
[ "$fails" -eq 0 ] && echo "main-job: ok" || echo "main-job: $fails FAILED"
[ "$fails" -eq 0 ]
