#!/usr/bin/env bash
# The main job's command line: --help, refusals that name the option/file/line, the fallback
# when the simulator is not built, and whole runs with the fake simulator (the tiny suite's full
# table; a big sweep's slice).
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
# Not built (a build folder without sim/vmcosim): the traces' statistics and a clear line.
mkdir -p "$work/unbuilt/traces" && ln -s "$build/traces/vmctrace" "$work/unbuilt/traces/vmctrace"
expect 0 "the simulator is not built yet" -- "$job" "$work/unbuilt" --suite "$here/../suites/tiny.suite"
expect 0 "records" -- "$job" "$work/unbuilt" --suite "$here/../suites/tiny.suite"
# A mistyped --sim is an error naming it, not a run of nothing that succeeds.
expect 2 "--sim '/no/such/vmcosim'" -- "$job" "$build" --sim /no/such/vmcosim --suite "$here/../suites/tiny.suite"
# A whole run with the fake simulator: the hit-rate table, then where the report is.
out=$("$job" "$build" --sim "$fake" --suite "$here/../suites/tiny.suite" --out "$work/run" --no-speed 2>&1)
rc=$?
[ "$rc" -eq 0 ] || fail "fake run: exit $rc"$'\n'"$out"
grep -q '^1x32:plru  *64x4:lru  *97.99/50.0  *97.99/50.0$' <<<"$out" || fail "fake run: no hit-rate row"$'\n'"$out"
grep -qF "full report: $work/run/report/index.html" <<<"$out" || fail "fake run: report location not printed"
grep -qF "functional mode" <<<"$out" || fail "fake run: does not say it runs in functional mode"
[ -f "$work/run/report/report.md" ] || fail "fake run: no report.md"
# A sweep too big for a screen (64 configurations on one trace) prints the slice: 4 sizes x 2
# associativities at plru with the L2 TLB, and says so. Expected cells from the fake's formula
# (fake_vmcosim.py): plru misses 64000/entries + 10 of 100000 lookups, half of them L2 hits;
# 8 entries: 8010 misses = 91.99 % / 50.0; 16: 4010 = 95.99; 32: 2010 = 97.99; 64: 1010 = 98.99.
printf '[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8 16 32 64\nl1_ways = full 4\nl1_policy = lru plru fifo random\nl2tlb = none 64x4:lru\n' >"$work/big.suite"
out=$("$job" "$build" --sim "$fake" --suite "$work/big.suite" --out "$work/big" --no-speed 2>&1)
[ $? -eq 0 ] || fail "big fake run: exit status"$'\n'"$out"
rows=$(grep -E '^[0-9]+ +(full|4-way) +[0-9.]+/[0-9.]+$' <<<"$out")
want=$'8           full   91.99/50.0\n8           4-way  91.99/50.0\n16          full   95.99/50.0\n16          4-way  95.99/50.0\n32          full   97.99/50.0\n32          4-way  97.99/50.0\n64          full   98.99/50.0\n64          4-way  98.99/50.0'
[ "$rows" = "$want" ] || fail "big fake run: slice rows"$'\n'"$rows"$'\n'"want"$'\n'"$want"
grep -qF "Shown: 8 of 64 configurations per trace, L1 policy plru, L2 TLB 64x4:lru; without an L2 TLB the L1 hit rates are the same." <<<"$out" ||
  fail "big fake run: no line naming the slice"$'\n'"$out"
grep -qF "Every policy, associativity and L2 TLB setting: the report's per-trace tables." <<<"$out" ||
  fail "big fake run: does not point to the full tables"
# --all prints every configuration; the same results print the same bytes.
n=$(python3 "$here/../scripts/summary_table.py" "$work/big/results" --all | grep -c '^1x\|^2x\|^4x\|^8x\|^16x')
[ "$n" -eq 64 ] || fail "summary_table.py --all: $n rows, want 64"
a=$(python3 "$here/../scripts/summary_table.py" "$work/big/results") b=$(python3 "$here/../scripts/summary_table.py" "$work/big/results")
[ "$a" = "$b" ] || fail "summary table differs between two calls on the same results"
# A suite with co-simulation and functional jobs ends with the twin check (2 traces x 1
# configuration x 2 modes: 2 pairs; the fake answers alike in both modes).
printf '[suite]\ntraces = bundled:seq-small.vmt bundled:stride.vmtb.gz\n[sweep a]\nmode = cosim functional\nl1 = 8\n' >"$work/twins.suite"
out=$("$job" "$build" --sim "$fake" --suite "$work/twins.suite" --out "$work/twins" --no-speed 2>&1)
[ $? -eq 0 ] || fail "twins fake run: exit status"$'\n'"$out"
grep -q '^check_twins: 2 pairs, [0-9]* counts compared .*: all equal$' <<<"$out" || fail "twins fake run: no twin check"$'\n'"$out"
# Suites do not mix unnoticed: a second suite into the tiny run's folder is refused (nothing
# runs: the folder keeps its 8 results); with --merge it runs, and the report names both.
printf '[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 16\n' >"$work/other.suite"
expect 2 "holds the results of suite 'tiny', not 'other': give another results folder, or --merge" -- \
  "$job" "$build" --sim "$fake" --suite "$work/other.suite" --out "$work/run" --no-speed
n=$(ls "$work/run/results" | grep -c '\.json$')
[ "$n" -eq 8 ] || fail "refused suite: $n results in the folder, want the tiny suite's 8"
expect 0 "report: merged the results of suites tiny, other" -- \
  "$job" "$build" --sim "$fake" --suite "$work/other.suite" --out "$work/run" --no-speed --merge
grep -qF "9 results for 2 traces from \`results\` (suites tiny, other, merged)" "$work/run/report/report.md" ||
  fail "merged report does not name its suites"
expect 2 "holds the results of 2 suites (tiny, other): --merge to report them together" -- \
  python3 "$here/../scripts/report.py" "$work/run/results" --out "$work/run/report2"
[ "$fails" -eq 0 ] && echo "main-job: ok" || echo "main-job: $fails FAILED"
[ "$fails" -eq 0 ]
