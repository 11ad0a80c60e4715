# Bad usage of vmctrace record: a clear message, a non-zero status, and no trace (not even a
# temporary file) left behind.
# Usage: record_bad_usage.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
mkdir tmp
export TMPDIR=$PWD/tmp

# expect_error WANT_STATUS MESSAGE_PART COMMAND...
expect_error() {
  want=$1 msg=$2
  shift 2
  "$@" >out.txt 2>err.txt
  status=$?
  expect_eq "status of '$*'" "$status" "$want"
  expect_in err.txt "$msg"
  [ ! -e out.vmt ] || { fail "'$*' left out.vmt"; rm -f out.vmt; }
  [ -z "$(ls -A tmp)" ] || { fail "'$*' left files in TMPDIR: $(ls -A tmp)"; rm -rf tmp/*; }
  [ -z "$(ls -A . | grep -v -e '^tmp$' -e '^out.txt$' -e '^err.txt$' -e '^notelf$' -e '^fakeqemu$')" ] ||
    fail "'$*' left files: $(ls -A .)"
}
printf 'hello\n' >notelf
expect_error 1 "not an ELF file" "$tool" record -o out.vmt -- ./notelf
expect_error 1 "but not for 32-bit little-endian ARM" "$tool" record -o out.vmt -- /bin/sh -c true
expect_error 1 "no such program" "$tool" record -o out.vmt -- ./missing-program
expect_error 1 "exited with status 3 under qemu-arm; no trace written" "$tool" record -o out.vmt -- "$arm/exit3"
# 127 is the program's status, not a failure to start qemu.
expect_error 1 "exited with status 127 under qemu-arm; no trace written" "$tool" record -o out.vmt -- "$arm/exit3" 127
: >fakeqemu
chmod +x fakeqemu
expect_error 1 "could not run ./fakeqemu: Exec format error" "$tool" record --qemu ./fakeqemu -o out.vmt -- "$arm/pages"
rm fakeqemu
expect_error 2 "--cores: '9' is not a number of cores from 1 to 8" "$tool" record --cores 9 -o out.vmt -- "$arm/pages"
expect_error 2 "--cores: '0' is not a number of cores from 1 to 8" "$tool" record --cores 0 -o out.vmt -- "$arm/pages"
expect_error 1 "address space does not fit: it uses 10" \
  "$tool" record -o out.vmt -- "$arm/bigmap"
expect_in err.txt "and the user range 0x01000000-0x3F000000 holds 992 MiB; no trace written"
expect_error 1 "/nonexistent/qemu-arm not found (install the qemu-user package" \
  "$tool" record --qemu /nonexistent/qemu-arm -o out.vmt -- "$arm/pages"
expect_error 1 "qemu-arm not found on PATH" env PATH=/nonexistent "$tool" record -o out.vmt -- "$arm/pages"
# The plugin stops the guest when it cannot write its stream (here a file-size limit, with
# SIGXFSZ ignored so that write() fails instead of killing qemu).
expect_error 1 "the tracer stopped it (the reason is above)" \
  sh -c 'trap "" XFSZ; ulimit -f 8; exec "$0" record -o out.vmt -- "$1/sort"' "$tool" "$arm"
expect_in err.txt "vmctrace plugin: cannot write the raw stream (disk full?)"
expect_error 2 "usage: vmctrace record" "$tool" record -o out.vmt
expect_error 2 "usage: vmctrace record" "$tool" record -- "$arm/pages"
expect_error 2 "--quantum: 'x' is not a count" "$tool" record --quantum x -o out.vmt -- "$arm/pages"
finish
