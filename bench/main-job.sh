#!/usr/bin/env bash
# The main job behind `./vmcosim.sh run`: runs a benchmark suite (by default
# bench/suites/default.suite on the bundled traces), prints the TLB hit rates, and writes the
# full report. Until the simulator is built it prints the traces' statistics instead.
# Usage: bench/main-job.sh BUILD_DIR [options]   (see --help; docs/benchmarks.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scripts="$here/scripts"

usage() {
  cat <<EOF
usage: bench/main-job.sh BUILD_DIR [options]
Runs a benchmark suite through vmcosim, prints the TLB hit rates per trace and configuration,
and writes the report (report.md, index.html, tables, plots) and a speed report. A suite with
co-simulation and functional jobs (cosim.suite) also checks that each pair's counts agree.
  --suite FILE      suite file                          [bench/suites/default.suite; then
                    the multi-core suite, bench/suites/multicore.suite]
  --trace FILE...   run on these traces instead of the suite's (one or more)
  --out DIR         results in DIR/results, report in DIR/report
                    [BUILD_DIR/bench-results/SUITE, BUILD_DIR/bench-report/SUITE]
  --jobs N          parallel jobs                       [number of cores]
  --rerun           run again jobs whose result exists (default: skip them, i.e. resume)
  --merge           use a results folder that holds another suite's results: one report for both
  --no-speed        skip the speed report of the other parts' benchmarks
  --sim CMD         simulator command                   [BUILD_DIR/sim/vmcosim]
  --help, --version
EOF
}

die() { echo "main-job: error: $*" >&2; exit 2; }

[ $# -ge 1 ] || { usage >&2; exit 2; }
case "$1" in
  --help|-h) usage; exit 0 ;;
  --version) echo "main-job.sh $(python3 "$scripts/version.py")"; exit 0 ;;
  -*) die "the first argument is the build folder, not '$1' (see --help)" ;;
esac
build=$1; shift
[ -d "$build" ] || die "build folder '$build' does not exist"
build=$(cd "$build" && pwd)

suite="$here/suites/default.suite" suite_given=0
out="" jobs="" rerun=() merge=() speed=1 sim="$build/sim/vmcosim" sim_given=0
traces=()
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --suite) [ $# -ge 2 ] || die "--suite needs a file"; suite=$2; suite_given=1; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a folder"; out=$2; shift 2 ;;
    --jobs)
      [ $# -ge 2 ] || die "--jobs needs a number"
      [[ $2 =~ ^[1-9][0-9]*$ ]] || die "--jobs '$2': not a positive number"
      jobs=$2; shift 2 ;;
    --rerun) rerun=(--rerun); shift ;;
    --merge) merge=(--merge); shift ;;
    --no-speed) speed=0; shift ;;
    --sim) [ $# -ge 2 ] || die "--sim needs a command"; sim=$2; sim_given=1; shift 2 ;;
    --trace)
      shift
      while [ $# -gt 0 ] && [[ $1 != --* ]]; do
        [ -f "$1" ] || die "--trace '$1': no such file"
        traces+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift
      done
      [ ${#traces[@]} -gt 0 ] || die "--trace needs at least one file" ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
[ -f "$suite" ] || die "--suite '$suite': no such file"
command -v python3 >/dev/null 2>&1 || die "python3 is not installed"

trace_args=()
[ ${#traces[@]} -eq 0 ] || trace_args=(--trace "${traces[@]}")
# The suite's errors (file, line, value) come from the runner; --list-traces checks it all.
suite_traces=$(python3 "$scripts/runner.py" --suite "$suite" --sim true --out "${TMPDIR:-/tmp}" \
                 --list-traces "${trace_args[@]}") || exit 2
name=$(basename "$suite" .suite)

sim_path=${sim%% *}
# Only the default simulator may be missing (a build without it yet); a --sim that names
# nothing is a mistake, not a reason to run nothing and succeed.
if ! command -v "$sim_path" >/dev/null 2>&1 && [ "$sim_given" -eq 1 ]; then
  die "--sim '$sim': '$sim_path' is not an executable command"
fi
if ! command -v "$sim_path" >/dev/null 2>&1; then
  tool="$build/traces/vmctrace"
  [ -x "$tool" ] || { echo "main-job: $tool is not built" >&2; exit 1; }
  echo "main-job: the simulator is not built yet ($sim_path is missing): no benchmark run;"
  echo "main-job: here are the statistics of the suite's traces instead."
  while IFS= read -r t; do
    echo "== ${t#"$(dirname "$here")"/}"
    "$tool" summary "$t"
  done <<<"$suite_traces"
  exit 0
fi

results=${out:+$out/results}; results=${results:-$build/bench-results/$name}
report=${out:+$out/report}; report=${report:-$build/bench-report/$name}
modes=$(sed -n 's/^[[:space:]]*mode[[:space:]]*=\([^#]*\).*/\1/p' "$suite" | tr -s ' \t' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//')
echo "main-job: suite $suite ($(wc -l <<<"$suite_traces") traces), mode: ${modes:-functional}"
case " $modes " in
  *" cosim "*|*" lockstep "*)
    echo "main-job: rows of mode cosim come from the Verilated RTL MMU, rows of mode functional" \
         "from the C reference model; each cosim job is checked against its functional twin." ;;
  *) echo "main-job: functional mode: the C reference model stands in for the RTL MMU: the same TLB," \
          "walk and fault counts; walk times and hardware cycles are its estimate from the RTL's timing" \
          "rules (firmware cycles come from the firmware's cost model in every mode); the cosim suite runs the RTL." ;;
esac

# The runner in the background so that SIGTERM/SIGINT to this script reach it at once (bash
# would wait for a foreground child first); it stops its jobs and exits 130. Sets status.
run_suite() {
  python3 "$scripts/runner.py" --sim "$sim" ${jobs:+--jobs "$jobs"} "${rerun[@]}" "$@" &
  runner=$!
  trap 'kill -TERM "$runner" 2>/dev/null' TERM INT HUP
  while :; do
    wait "$runner" && status=0 || status=$?
    kill -0 "$runner" 2>/dev/null || break   # a trapped signal interrupts wait; wait again
  done
  trap - TERM INT HUP
}

status=0
run_suite --suite "$suite" --out "$results" "${merge[@]}" "${trace_args[@]}"
[ "$status" -eq 130 ] && { echo "main-job: interrupted; run again to resume" >&2; exit 130; }
[ "$status" -eq 2 ] && exit 2   # e.g. a results folder of another suite, refused
if [ "$speed" -eq 1 ]; then   # first, so that the report links it
  python3 "$scripts/speed_report.py" "$build" --quick --out "$report/speed.md" || status=1
fi
python3 "$scripts/report.py" "$results" --out "$report" "${merge[@]}" || status=1
echo
python3 "$scripts/summary_table.py" "$results" || true
echo
# A suite that runs the RTL next to functional mode (cosim.suite) asserts that the two agree.
case " $modes " in
  *" functional "*)
    case " $modes " in *" cosim "*|*" lockstep "*)
      python3 "$scripts/check_twins.py" --sweep-too "$results" || { status=1; echo "main-job: co-simulation and functional mode disagree (above)" >&2; } ;;
    esac ;;
esac
# Then, after the default suite (no --suite, no --trace): the multi-core suite, in folders of
# its own, with per-core hit rates and shootdown costs.
mc_report=""
if [ "$suite_given" -eq 0 ] && [ ${#traces[@]} -eq 0 ]; then
  main_status=$status
  mc_results=${out:+$out/results-multicore}; mc_results=${mc_results:-$build/bench-results/multicore}
  mc_report=${out:+$out/report-multicore}; mc_report=${mc_report:-$build/bench-report/multicore}
  echo "main-job: multi-core suite $here/suites/multicore.suite (vmcosim --cores 4, co-simulation and functional)"
  run_suite --suite "$here/suites/multicore.suite" --out "$mc_results"
  [ "$status" -eq 130 ] && { echo "main-job: interrupted; run again to resume" >&2; exit 130; }
  python3 "$scripts/report.py" "$mc_results" --out "$mc_report" || status=1
  echo
  python3 "$scripts/summary_table.py" "$mc_results" || true
  echo
  python3 "$scripts/check_twins.py" --sweep-too "$mc_results" ||
    { status=1; echo "main-job: multi-core co-simulation and functional mode disagree (above)" >&2; }
  python3 "$scripts/cores_table.py" "$mc_results" --out "$mc_report/cores.md" || status=1
  echo
  [ "$main_status" -eq 0 ] || status=$main_status
fi
echo "main-job: full report: $report/index.html (also report.md, tables/, plots/)"
[ -z "$mc_report" ] || echo "main-job: multi-core report: $mc_report/index.html, per core: $mc_report/cores.md"
if [ "$speed" -eq 1 ]; then echo "main-job: speed report: $report/speed.md"; fi
echo "main-job: results (one JSON per job, logs in logs/): $results"
[ "$status" -eq 0 ] || echo "main-job: some jobs or steps failed (see above)" >&2
exit "$status"
