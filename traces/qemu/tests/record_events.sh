# vmctrace record on tests/events.S: brk growth and shrinking, mremap shrinking in place,
# madvise(MADV_DONTNEED) and munmap become exactly the records docs/qemu-tracer.md gives,
# worked out here from the program's source: the break's 3 new pages mapped, 2 given back; the
# 4-page mapping cut to 2; its first page dropped and mapped again; the rest unmapped.
# Usage: record_events.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"
"$tool" record -o events.vmt -- "$arm/events" 2>err.txt || { cat err.txt >&2; exit 1; }
"$tool" check events.vmt >/dev/null || fail "the trace is not valid"
sed -n '/^switch 1$/,$p' events.vmt | grep -v '^X ' >got.txt
brk=$(sed -n 's/^mmap 1 \(0x[0-9a-f]*\) 0x3000 rw- anon private$/\1/p' got.txt)
map=$(sed -n 's/^mmap 1 \(0x[0-9a-f]*\) 0x4000 rw- anon private$/\1/p' got.txt)
[ -n "$brk" ] && [ -n "$map" ] || { fail "no break growth or no 4-page mapping"; cat got.txt >&2; finish; }
b=$((brk)) a=$((map))
{
  echo "switch 1"
  echo "mmap 1 $brk 0x3000 rw- anon private"
  for i in 0 1 2; do printf 'W u 0x%08x 4\n' $((b + i * 4096)); done
  printf 'munmap 1 0x%08x 0x2000\n' $((b + 0x1000))
  echo "mmap 1 $map 0x4000 rw- anon private"
  printf 'W u 0x%08x 4\n' $((a + 0x3000))
  printf 'munmap 1 0x%08x 0x2000\n' $((a + 0x2000))
  echo "munmap 1 $map 0x1000"
  echo "mmap 1 $map 0x1000 rw- anon private"
  echo "W u $map 4"
  echo "munmap 1 $map 0x2000"
  echo "exit 1"
} >want.txt
cmp -s got.txt want.txt || { fail "events differ from the worked-out ones:"; diff want.txt got.txt >&2; }
finish
