# The trace of tests/pages.S through the co-simulator (RTL MMU and firmware): the program
# touches 10 pages of anonymous memory and no other (not even its stack), so the firmware
# handles exactly 10 demand-zero faults; its code is a file mapping (1 file read). And
# tests/events.S: 3 stores to the grown break, 1 to the mapping, 1 to its page dropped by
# madvise: 5 demand-zero faults.
# Usage: record_pages_cosim.sh VMCTRACE VMCOSIM ARM_DIR
set -u
tool=$1 sim=$2 arm=$3
. "$(dirname "$0")/lib.sh"
"$tool" record -o pages.vmtb -- "$arm/pages" 2>err.txt || { cat err.txt >&2; exit 1; }
for mode in rtl functional; do
  "$sim" --mode $mode pages.vmtb >$mode.txt || fail "vmcosim --mode $mode failed"
  expect_in $mode.txt "outcomes: demandZero 10 fileRead 1"
  expect_in $mode.txt "segmentation faults 0"
done
"$tool" record -o events.vmtb -- "$arm/events" 2>err.txt || { cat err.txt >&2; exit 1; }
for mode in rtl functional; do
  "$sim" --mode $mode events.vmtb >events-$mode.txt || fail "vmcosim --mode $mode failed on events"
  expect_in events-$mode.txt "outcomes: demandZero 5 fileRead 1"
done
finish
