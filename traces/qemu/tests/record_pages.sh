# vmctrace record on tests/pages.S, whose behaviour is counted by hand in its source: 81
# fetches, 10 stores (one per page of a 16-page anonymous mapping), 4 loads of the pages made
# read-only; the trace must hold exactly those accesses and events, at consistent addresses.
# Usage: record_pages.sh VMCTRACE ARM_DIR
set -u
tool=$1 arm=$2
. "$(dirname "$0")/lib.sh"

"$tool" record -o pages.vmt -- "$arm/pages" 2>err.txt || { cat err.txt >&2; exit 1; }
"$tool" check pages.vmt >/dev/null || fail "the trace is not valid"
expect_eq fetches "$(grep -c '^X u ' pages.vmt)" 81
expect_eq "fetch sizes" "$(grep '^X u ' pages.vmt | grep -vc ' 4$')" 0
# Events after the start-up address space (everything up to the first switch).
sed -n '/^switch 1$/,$p' pages.vmt | grep -v '^X ' >events.txt
base=$(sed -n 's/^mmap 1 \(0x[0-9a-f]*\) 0x10000 rw- anon private$/\1/p' events.txt)
[ -n "$base" ] || { fail "no 16-page anonymous mmap after start-up"; cat events.txt >&2; finish; }
b=$((base))
{
  echo "switch 1"
  echo "mmap 1 $base 0x10000 rw- anon private"
  for i in 0 1 2 3 4 5 6 7 8 9; do printf 'W u 0x%08x 4\n' $((b + i * 4096)); done
  printf 'mprotect 1 0x%08x 0x4000 r--\n' $((b + 0x4000))
  for i in 4 5 6 7; do printf 'R u 0x%08x 4\n' $((b + i * 4096)); done
  echo "munmap 1 $base 0x10000"
  echo "exit 1"
} >want.txt
cmp -s events.txt want.txt || { fail "events differ from the hand count:"; diff want.txt events.txt >&2; }
# Before the first access: the program's text (a file mapping), its stack and qemu's
# read-only pages (vectors, signal trampoline), all in the user range.
sed -n '2,/^switch 1$/p' pages.vmt >startup.txt
expect_in startup.txt "r-x file 1 0x0 private"
expect_in startup.txt "0x800000 rw- anon private"
awk '$1 == "mmap" && ($3 < "0x01000000" || $3 >= "0x3f000000") { print "outside the user range: " $0; bad = 1 }
     END { exit bad }' startup.txt events.txt || fail "a region lies outside 0x01000000-0x3F000000"
finish
