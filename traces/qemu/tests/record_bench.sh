# Benchmark: vmctrace record on a merge sort of 64 Ki integers (about 51 M accesses), binary
# and gzip output. Prints the tool's own line (time under qemu, time writing, accesses per
# second overall) and fails below 5 M accesses per second.
# Usage: record_bench.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
"$tool" record -o sort.vmtb.gz -- "$arm/sort" 65536 >out.txt 2>err.txt || { cat err.txt >&2; exit 1; }
cat err.txt
date -u +"measured %Y-%m-%d %H:%M UTC"
rate=$(sed -n 's/.* \([0-9.]*\) M accesses\/s overall$/\1/p' err.txt)
awk -v r="$rate" 'BEGIN { exit !(r >= 5) }' || { echo "FAIL: $rate M accesses/s, below 5" >&2; exit 1; }
rm -f sort.vmtb.gz
