# import-lackey on a hand-made lackey log; the expected trace is worked out by hand:
#   chunk 0x40 (0x04001000) first touched                -> slot 0 (0x01000000), mapped rwx
#   chunk 0x1ff (stack 0x1ffefff8)                       -> slot 2 (one free slot left after slot 0)
#   M 0x0402a000 -> a read, then a write; no protection change (every slot is rwx)
#   chunk 0x7ff0 (0x7ff000ffe, 4 bytes) crosses a page   -> 2 + 2 bytes, slot 4
#   chunk 0x41 is next to chunk 0x40                     -> slot 1, right after slot 0
# Every relocated address keeps VA[19:0], so the low 8 bits of each page number stay.
tool=$1 src=$2
. "$(dirname "$0")/lib.sh"
cp "$src/data/sample.lackey" .
"$tool" import-lackey sample.lackey out.vmt 2>err || fail "import: $(cat err)"
diff -u "$src/data/sample.expected.vmt" out.vmt >&2 || fail "import differs from the hand-worked trace"
"$tool" check out.vmt >/dev/null || fail "imported trace is not valid"
grep -q mprotect out.vmt && fail "the importer made up a protection change"
# --page-cross first keeps only the first byte's page of the crossing load: R 0x01400ffe 2.
"$tool" import-lackey sample.lackey first.vmt --page-cross first 2>err || fail "import first: $(cat err)"
grep -v '^#' "$src/data/sample.expected.vmt" | grep -vx 'R u 0x01401000 2' >want.txt
grep -v '^#' first.vmt | diff -u want.txt - >&2 || fail "--page-cross first differs from the hand-worked trace"
# The same from a gzip'd log, to binary.
gzip -c sample.lackey >sample.lackey.gz
"$tool" import-lackey sample.lackey.gz out.vmtb 2>err || fail "import gz: $(cat err)"
"$tool" print out.vmtb >p.txt && grep -v '^#' out.vmt | cmp -s - p.txt || fail "gzip input / binary output differ"
# --skip, --limit and --warmup count lackey access lines (I, L, S, M): --skip 3 --limit 3 keeps
# the M (2 records), the I and the crossing L (2 records); --warmup 2 puts the marker after the I.
"$tool" import-lackey sample.lackey lim.vmt --skip 3 --limit 3 --warmup 2 2>err || fail "import --skip --limit: $(cat err)"
grep -v '^#' lim.vmt >lim.txt
cat >want.txt <<'T'
vmctrace text 1
create 1
switch 1
mmap 1 0x01000000 0x100000 rwx anon private
R u 0x0102a000 4
W u 0x0102a000 4
X u 0x01001003 2
marker 1 warmup_end
mmap 1 0x01200000 0x100000 rwx anon private
R u 0x01200ffe 2
R u 0x01201000 2
exit 1
T
diff -u want.txt lim.txt >&2 || fail "--skip 3 --limit 3 --warmup 2 differs from the hand-worked trace"
"$tool" import-lackey sample.lackey w.vmt --limit 3 --warmup 3 2>err && fail "--warmup 3 --limit 3 accepted"
"$tool" import-lackey sample.lackey w.vmt --page-cross middle 2>err && fail "--page-cross middle accepted"
"$tool" import-lackey sample.lackey w.vmt --warmup 100 2>err || fail "--warmup 100: $(cat err)"
grep -q "warning: no warm-up marker" err || fail "--warmup past the end not reported"
# --level picks the gzip level: the same records at every level; a level outside 1-9 is a usage error.
"$tool" import-lackey sample.lackey l1.vmtb.gz --level 1 || fail "--level 1"
"$tool" import-lackey sample.lackey l9.vmtb.gz --level 9 || fail "--level 9"
"$tool" print l1.vmtb.gz >l1.txt && "$tool" print l9.vmtb.gz >l9.txt && cmp -s l1.txt l9.txt ||
  fail "--level 1 and --level 9 hold different records"
for bad in 0 10 07x; do
  "$tool" import-lackey sample.lackey l.vmtb.gz --level $bad 2>err; rc=$?
  [ $rc -eq 2 ] || fail "import-lackey --level $bad exited $rc, want 2"
  expect_in err "--level '$bad'"
done
finish
