# The trace's fetches, reads and writes equal those counted by a second, minimal plugin
# (count_plugin.c: plain counters, no buffer, no conversion) loaded into the same qemu run,
# on a dynamically linked program (the loader, libc and the sort itself).
# Usage: record_count.sh VMCTRACE COUNT_PLUGIN ARM_DIR
set -u
tool=$1 counter=$2 arm=$3
. "$(dirname "$0")/lib.sh"
qemu=$(command -v qemu-arm) || { echo "qemu-arm is not installed" >&2; exit 1; }
# A qemu that also loads the counting plugin (the options come before vmctrace's).
cat >qemu-with-counter <<EOS
#!/bin/sh
exec "$qemu" -plugin "$counter,out=$PWD/counts.txt" "\$@"
EOS
chmod +x qemu-with-counter
"$tool" record --qemu ./qemu-with-counter -o sort.vmtb.gz -- "$arm/sort" 3000 >out.txt 2>err.txt ||
  { cat err.txt >&2; exit 1; }
expect_in out.txt "sort: 3000 integers"
read -r _ fetch _ read _ write <counts.txt
"$tool" summary sort.vmtb.gz >summary.txt
expect_in summary.txt "read $read, write $write, fetch $fetch; privileged 0"
[ "$fetch" -gt 100000 ] || fail "implausibly few fetches counted: $fetch"
finish
